import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../api.js';
import { onNotificationPush, onPushChannelChange, pushChannelOpen } from './push.js';

/** With no document open nothing is pushed: the count is asked for this often. */
const POLL_WITHOUT_SOCKET_MS = 20_000;
/** With one open, pushes come at once; polling still catches what a worker in another process notified (it cannot push here). */
const POLL_WITH_SOCKET_MS = 60_000;

let unread: number | null = null;
const subscribers = new Set<() => void>();

/** The unread count as the server last said (the inbox sets it from its own answers too). */
export function setUnread(count: number): void {
  unread = count;
  subscribers.forEach((listener) => listener());
}

let inFlight: Promise<void> | null = null;
export function refreshUnread(): Promise<void> {
  inFlight ??= api<{ unread: number }>('GET', '/api/notifications/unread-count')
    .then((reply) => setUnread(reply.data.unread))
    // Offline or signed out: the badge keeps what it showed, and the next poll tries again.
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** A count asked for after now: one already on its way may have left before the change it must show. */
function refreshUnreadFromNow(): Promise<void> {
  return inFlight ? inFlight.then(refreshUnread) : refreshUnread();
}

const subscribe = (listener: () => void) => {
  subscribers.add(listener);
  return () => subscribers.delete(listener);
};

/**
 * The signed-in person's unread count, live: up by one the moment a notification is pushed
 * (each once, however many connections carried it), then confirmed by the server; polled as
 * a fallback, and asked again whenever the page comes back into view.
 */
export function useUnreadCount(): number | null {
  const count = useSyncExternalStore(subscribe, () => unread);
  useEffect(() => {
    const seen = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      clearTimeout(timer);
      if (stopped) return;
      timer = setTimeout(() => void refreshUnread().then(schedule), pushChannelOpen() ? POLL_WITH_SOCKET_MS : POLL_WITHOUT_SOCKET_MS);
    };
    const offPush = onNotificationPush((notification) => {
      if (seen.has(notification.id)) return;
      seen.add(notification.id);
      if (notification.readAt === null) setUnread((unread ?? 0) + 1);
      void refreshUnreadFromNow();
    });
    const offChannel = onPushChannelChange(schedule);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    void refreshUnread().then(schedule);
    return () => {
      stopped = true;
      clearTimeout(timer);
      offPush();
      offChannel();
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, []);
  return count;
}
