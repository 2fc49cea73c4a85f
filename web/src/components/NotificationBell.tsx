import { href } from '../router.js';
import { useUnreadCount } from '../notifications/unread.js';

/** The header's bell: how many notifications are unread, live; opens the inbox. */
export function NotificationBell() {
  const unread = useUnreadCount() ?? 0;
  return (
    <a className="bell" href={href.inbox()} data-testid="bell" data-unread={unread} aria-label={unread > 0 ? `Notifications: ${unread} unread` : 'Notifications'}>
      {/* Drawn, not an emoji: not every system has an emoji font. */}
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 && (
        <span className="bell-badge" data-testid="unread-badge">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </a>
  );
}
