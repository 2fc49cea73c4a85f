import type { Queryable } from '../../platform/db/database.js';
import type { StoredEvent } from '../../storage/change-feed.js';
import { type PlannedDelivery, planDeliveries } from '../../storage/deliveries.js';
import type { Channels } from './channel.js';

/** More destinations for an event besides the project's integrations (email to the people concerned…). */
export type DeliveryPlanner = (db: Queryable, event: StoredEvent) => Promise<PlannedDelivery[]>;

/** The project's active integrations that take this event type (an empty list takes all). */
export const integrationPlanner: DeliveryPlanner = async (db, event) => {
  const { rows } = await db.query<{ id: string; kind: string }>(
    `SELECT id, kind FROM integrations WHERE project_id = $1 AND status = 'active' AND (cardinality(event_types) = 0 OR $2 = ANY(event_types))`,
    [event.projectId, event.type],
  );
  return rows.map((row) => ({ eventId: event.id, projectId: event.projectId, channel: row.kind, destination: row.id }));
};

/**
 * Records each event's deliveries (once per event and destination, however often this runs) for
 * the channels this process knows, and returns the destinations that now have work.
 */
export async function planEventDeliveries(db: Queryable, events: readonly StoredEvent[], planners: readonly DeliveryPlanner[], channels: Channels): Promise<{ channel: string; destination: string }[]> {
  const planned: PlannedDelivery[] = [];
  for (const event of events) for (const planner of planners) planned.push(...(await planner(db, event)));
  return planDeliveries(db, planned.filter((delivery) => channels.has(delivery.channel)));
}
