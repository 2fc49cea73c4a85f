import type { ChangeEvent } from '../documents/change-events.js';
import { type EventChange, conflictEventsOf, mayConflictAnew } from '../documents/calendar/conflict-events.js';
import type { Queryable } from '../platform/db/database.js';

type Entry = Record<string, unknown> | null;

const DAY_MS = 86_400_000;
/** The UTC date `days` away from an instant, as `YYYY-MM-DD`. */
const dayOf = (instant: string, days: number) => new Date(Date.parse(instant) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The `event.conflicting` events of one calendar's changes in a commit (inside the log's
 * transaction). Only changes that could make a new clash (mayConflictAnew) look further, and then
 * only at the events that could be their partners: same channel or assignee, around the same
 * dates. Instants are stored with their own offsets, so the date filter compares the stored dates
 * as text with two days to spare on either side (no offset is that large) and casts nothing: a
 * malformed value in the projection can never fail the log's write. The model decides the rest.
 * `pending` holds this transaction's newer states of the calendar's events (earlier batches of the
 * same commit), which win over what the table still says.
 */
export async function calendarConflictEvents(tx: Queryable, documentName: string, changes: readonly EventChange[], pending: ReadonlyMap<string, Entry>): Promise<ChangeEvent[]> {
  const moved = changes.filter((change) => mayConflictAnew(change.before, change.after));
  if (moved.length === 0) return [];
  const windows = moved.map(({ after }) => after as Record<string, unknown>);
  const { rows } = await tx.query<{ entry_id: string; data: Record<string, unknown> }>(
    `SELECT e.entry_id, e.data FROM document_entries e
     WHERE e.document_name = $1 AND e.collection = 'events' AND NOT (e.entry_id = ANY($2::text[]))
       AND NOT (e.data @> '{"archived": true}'::jsonb) AND NOT (e.data @> '{"status": "cancelled"}'::jsonb)
       AND EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS w(lo, hi, channel, assignee)
                   WHERE left(e.data->>'start', 10) <= w.hi AND left(e.data->>'end', 10) >= w.lo
                     AND (e.data->>'channel' = w.channel OR e.data->>'assigneeId' = w.assignee))`,
    [
      documentName,
      changes.map((change) => change.id),
      windows.map((event) => dayOf(String(event.start), -2)),
      windows.map((event) => dayOf(String(event.end), 2)),
      windows.map((event) => String(event.channel)),
      windows.map((event) => (typeof event.assigneeId === 'string' ? event.assigneeId : null)),
    ],
  );
  const others = new Map<string, Entry>(rows.map((row) => [row.entry_id, row.data]));
  for (const [id, data] of pending) others.set(id, data);
  return conflictEventsOf(changes, [...others.values()]);
}
