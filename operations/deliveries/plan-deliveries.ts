import type { Queryable } from '../../platform/db/database.js';
import type { StoredEvent } from '../../storage/change-feed.js';
import { type PlannedDelivery, planDeliveries } from '../../storage/deliveries.js';
import type { Channels } from './channel.js';

/** What the planners of one fan-out share: who each event concerns (recipientsOfEvents), found once. */
export interface PlanningContext {
  recipients: ReadonlyMap<string, readonly string[]>;
}

/** Destinations for a batch of events: the project's integrations, email to the people concerned… */
export type DeliveryPlanner = (db: Queryable, events: readonly StoredEvent[], context: PlanningContext) => Promise<PlannedDelivery[]>;

/** The project's active integrations that take each event's type (an empty list takes all): one query per project in the batch. */
export const integrationPlanner: DeliveryPlanner = async (db, events) => {
  const planned: PlannedDelivery[] = [];
  for (const projectId of new Set(events.map((event) => event.projectId))) {
    const { rows } = await db.query<{ id: string; kind: string; event_types: string[] }>(`SELECT id, kind, event_types FROM integrations WHERE project_id = $1 AND status = 'active'`, [projectId]);
    for (const event of events) {
      if (event.projectId !== projectId) continue;
      for (const row of rows) if (row.event_types.length === 0 || row.event_types.includes(event.type)) planned.push({ eventId: event.id, projectId, channel: row.kind, destination: row.id });
    }
  }
  return planned;
};

/**
 * Records each event's deliveries (once per event and destination, however often this runs) for
 * the channels this process knows, and returns the destinations that now have work.
 */
export async function planEventDeliveries(db: Queryable, events: readonly StoredEvent[], planners: readonly DeliveryPlanner[], channels: Channels, context: PlanningContext): Promise<{ channel: string; destination: string }[]> {
  const planned: PlannedDelivery[] = [];
  for (const planner of planners) planned.push(...(await planner(db, events, context)));
  return planDeliveries(db, planned.filter((delivery) => channels.has(delivery.channel)));
}
