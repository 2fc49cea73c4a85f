import type { Queryable } from '../../platform/db/database.js';

/**
 * Claims a provider event in the transaction that applies it: true the first time, false when it
 * was applied before (a redelivery), so the caller stops. A concurrent delivery of the same event
 * waits on the key and then gets false.
 */
export async function claimBillingEvent(tx: Queryable, event: { id: string; type: string }): Promise<boolean> {
  const { rows } = await tx.query('INSERT INTO billing_events (event_id, type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id', [event.id, event.type]);
  return rows.length === 1;
}

export async function billingEventSeen(db: Queryable, eventId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM billing_events WHERE event_id = $1', [eventId]);
  return rows.length === 1;
}
