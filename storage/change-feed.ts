import type { Queryable } from '../platform/db/database.js';
import type { FeedEvent } from './entry-projection.js';

/** An event as stored: the feed's stable id and order. */
export interface StoredEvent extends FeedEvent {
  id: string;
  seq: string;
  occurredAt: Date;
}

interface EventRow {
  id: string;
  seq: string;
  project_id: string;
  document_name: string;
  kind: string;
  type: FeedEvent['type'];
  entry_id: string;
  actor: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

const COLUMNS = 'id, seq, project_id, document_name, kind, type, entry_id, actor, data, occurred_at';

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    seq: row.seq,
    projectId: row.project_id,
    documentName: row.document_name,
    kind: row.kind,
    type: row.type,
    entryId: row.entry_id,
    actor: row.actor,
    data: row.data,
    occurredAt: row.occurred_at,
  };
}

/** Writes events in the caller's transaction (the one storing the updates they come from); returns their ids in order. */
export async function insertEvents(tx: Queryable, events: readonly FeedEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO document_events (project_id, document_name, kind, type, entry_id, actor, data)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
     RETURNING id`,
    [
      events.map((e) => e.projectId),
      events.map((e) => e.documentName),
      events.map((e) => e.kind),
      events.map((e) => e.type),
      events.map((e) => e.entryId),
      events.map((e) => e.actor),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
  return rows.map((row) => row.id);
}

export async function loadEvents(db: Queryable, ids: readonly string[]): Promise<StoredEvent[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} FROM document_events WHERE id = ANY($1::uuid[]) ORDER BY seq`, [ids]);
  return rows.map(toEvent);
}
