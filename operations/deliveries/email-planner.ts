import type { Config } from '../../platform/config.js';
import type { Queryable } from '../../platform/db/database.js';
import type { StoredEvent } from '../../storage/change-feed.js';
import type { PlannedDelivery } from '../../storage/deliveries.js';
import { preferencesOf } from '../notifications/load-preferences.js';
import { digestMinutesOf, wants } from '../notifications/preferences.js';
import type { DeliveryPlanner } from './plan-deliveries.js';
import { digestDueAt } from './email-digest.js';

export const EMAIL_CHANNEL = 'email';

/** The destination of a person's email: their user id, never their address (which may change, and is theirs alone). */
export const emailDestination = (userId: string) => `user:${userId}`;

/**
 * Email for an event goes to the people it concerns (the fan-out's recipients: the people on the
 * item, never whoever did it) whose preferences send its type by email and who have an address,
 * each due when their digest slot ends.
 */
export const emailPlanner: DeliveryPlanner = async (db: Queryable, events: readonly StoredEvent[], { recipients }): Promise<PlannedDelivery[]> => {
  const planned: PlannedDelivery[] = [];
  for (const event of events) {
    const people = [...(recipients.get(event.id) ?? [])];
    if (people.length === 0) continue;
    const preferences = await preferencesOf(db, event.projectId, people);
    const wanting = people.filter((id) => wants(preferences.get(id), event.type, 'email'));
    if (wanting.length === 0) continue;
    const { rows } = await db.query<{ id: string }>(`SELECT id::text AS id FROM users WHERE id::text = ANY($1::text[]) AND btrim(email) <> ''`, [wanting]);
    for (const { id } of rows) {
      planned.push({ eventId: event.id, projectId: event.projectId, channel: EMAIL_CHANNEL, destination: emailDestination(id), notBefore: digestDueAt(event.occurredAt, digestMinutesOf(preferences.get(id)), id) });
    }
  }
  return planned;
};

/** The planners email adds to the fan-out: none when SMTP is not configured (nothing is planned that could never leave). */
export function emailPlanners(email: Config['email']): DeliveryPlanner[] {
  return email ? [emailPlanner] : [];
}
