import type { Queryable } from '../../platform/db/database.js';
import { type StoredEvent, loadEvents } from '../../storage/change-feed.js';
import { insertNotifications } from '../../storage/notifications.js';
import type { NotificationHub } from './notification-hub.js';
import { whoWants } from './load-preferences.js';
import { toNotification } from './notification.js';
import { recipientsOfEvents } from './recipients.js';

/**
 * Turns committed events into in-app notifications for the people concerned (`recipients`, by
 * event id: see recipientsOfEvents), and pushes the new ones live. Safe to run twice: a person is
 * notified of an event once (unique per pair), and only what was created now is pushed.
 */
export async function notifyInApp(db: Queryable, hub: NotificationHub, events: readonly StoredEvent[], recipients: ReadonlyMap<string, readonly string[]>): Promise<number> {
  let created = 0;
  for (const event of events) {
    // Only those who keep this type in-app (their preferences); the rest are not told here.
    const people = await whoWants(db, event, recipients.get(event.id) ?? [], 'inApp');
    for (const stored of await insertNotifications(db, event, people)) {
      created++;
      hub.publish(stored.userId, toNotification(stored));
    }
  }
  return created;
}

/** notifyInApp for events by id, finding their recipients. */
export async function fanOutEvents(db: Queryable, hub: NotificationHub, eventIds: readonly string[]): Promise<number> {
  const events = await loadEvents(db, eventIds);
  return notifyInApp(db, hub, events, await recipientsOfEvents(db, events));
}
