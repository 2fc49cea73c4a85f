import type { Queryable } from '../../platform/db/database.js';
import { loadEvents } from '../../storage/change-feed.js';
import { insertNotifications } from '../../storage/notifications.js';
import type { NotificationHub } from './notification-hub.js';
import { whoWants } from './load-preferences.js';
import { toNotification } from './notification.js';
import { recipientsOf } from './recipients.js';

/**
 * Turns committed events into in-app notifications for the people concerned, and pushes the new
 * ones live. Safe to run twice: a person is notified of an event once (unique per pair), and
 * only what was created now is pushed.
 */
export async function fanOutEvents(db: Queryable, hub: NotificationHub, eventIds: readonly string[]): Promise<number> {
  let created = 0;
  for (const event of await loadEvents(db, eventIds)) {
    // Only those who keep this type in-app (their preferences); the rest are not told here.
    const recipients = await whoWants(db, event, await recipientsOf(db, event), 'inApp');
    for (const stored of await insertNotifications(db, event, recipients)) {
      created++;
      hub.publish(stored.userId, toNotification(stored));
    }
  }
  return created;
}
