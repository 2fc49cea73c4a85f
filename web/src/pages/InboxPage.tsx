import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { useMe } from '../me.js';
import { useActorNames } from '../notifications/actor-names.js';
import { type InboxNotification, describe, linkOf } from '../notifications/describe.js';
import { onNotificationPush } from '../notifications/push.js';
import { setUnread } from '../notifications/unread.js';

interface Page {
  items: InboxNotification[];
  next: string | null;
  unread: number;
}

/** The person's notifications, unread first: each opens what it is about; read one by one or all at once. */
export function InboxPage() {
  const me = useMe();
  const [items, setItems] = useState<InboxNotification[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameOf = useActorNames(items?.map((n) => n.event.projectId) ?? []);

  const load = useCallback(async () => {
    try {
      const reply = await api<Page>('GET', '/api/notifications?limit=50');
      setItems(reply.data.items);
      setNext(reply.data.next);
      setUnread(reply.data.unread);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not load your notifications');
    }
  }, []);
  useEffect(() => void load(), [load]);
  // A new one arrives while the inbox is open: shown at once.
  useEffect(() => onNotificationPush(() => void load()), [load]);

  const more = async () => {
    if (!next) return;
    const reply = await api<Page>('GET', `/api/notifications?limit=50&cursor=${encodeURIComponent(next)}`);
    setItems((shown) => [...(shown ?? []), ...reply.data.items]);
    setNext(reply.data.next);
  };
  const markRead = async (ids: string[] | 'all') => {
    setError(null);
    try {
      const reply = ids === 'all' ? await api<{ unread: number }>('POST', '/api/notifications/read-all') : await api<{ unread: number }>('POST', '/api/notifications/read', { ids });
      setUnread(reply.data.unread);
      const now = new Date().toISOString();
      setItems((shown) => shown?.map((n) => (ids === 'all' || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)) ?? null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That did not work');
    }
  };

  const unreadShown = items?.some((n) => n.readAt === null) ?? false;
  return (
    <section className="page" data-testid="inbox">
      <div className="page-head">
        <h1>Notifications</h1>
        <span className="spacer" />
        <button className="button" data-testid="mark-all-read" disabled={!unreadShown} onClick={() => void markRead('all')}>
          Mark all read
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {items === null && !error && <p className="muted">Loading…</p>}
      {items?.length === 0 && (
        <p className="empty-state" data-testid="no-notifications">
          Nothing yet. You are told here when someone changes what you are on (a card or request assigned to you, a comment on it); each project’s notification settings choose what reaches you.
        </p>
      )}
      <ul className="inbox">
        {items?.map((notification) => (
          <li key={notification.id} className={`inbox-item${notification.readAt ? '' : ' unread'}`} data-testid="notification" data-unread={notification.readAt === null}>
            <a href={linkOf(notification)} onClick={() => notification.readAt === null && void markRead([notification.id])}>
              {describe(notification, nameOf(notification.event.actor), me.id)}
            </a>
            <time className="muted" dateTime={notification.createdAt}>
              {new Date(notification.createdAt).toLocaleString()}
            </time>
            {notification.readAt === null && (
              <button className="link" onClick={() => void markRead([notification.id])}>
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
      {next && (
        <button className="button wide" onClick={() => void more()}>
          Show older
        </button>
      )}
    </section>
  );
}
