import type { FeedEventType } from '../documents/feed-event-types.js';
import type { Queryable } from '../platform/db/database.js';
import type { FeedEvent } from './entry-projection.js';

/**
 * An event of something that lives outside documents (a request, an integration), written by its
 * own operation in the transaction that changes it. It has no document.
 */
export interface OutsideEvent {
  type: FeedEventType;
  /** What it is about (a request's id, an integration's id). */
  entryId: string;
  data: Record<string, unknown>;
  documentName: null;
  projectId: string;
  /** What kind of thing it is about ('request', 'integration'). */
  kind: string;
  actor: string;
}

/**
 * An event as stored: the feed's stable id and order. `documentName` is null for events outside
 * documents.
 */
export interface StoredEvent extends Omit<FeedEvent, 'type' | 'documentName'> {
  type: FeedEventType;
  documentName: string | null;
  id: string;
  seq: string;
  occurredAt: Date;
}

/** A `document_events` row as selected (notifications select it joined, under the same names). */
export interface EventRow {
  id: string;
  seq: string;
  project_id: string;
  document_name: string | null;
  kind: string;
  type: FeedEventType;
  entry_id: string;
  actor: string;
  data: Record<string, unknown>;
  occurred_at: Date;
}

const COLUMNS = 'id, seq, project_id, document_name, kind, type, entry_id, actor, data, occurred_at';

export function toEvent(row: EventRow): StoredEvent {
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
export async function insertEvents(tx: Queryable, events: readonly (FeedEvent | OutsideEvent)[]): Promise<string[]> {
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

/**
 * A document's events committed after `after` and up to `until` (oldest first, at most `limit`):
 * who changed what between two versions.
 */
export async function eventsBetween(db: Queryable, documentName: string, window: { after: Date | null; until: Date; limit: number }): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM document_events WHERE document_name = $1 AND ($2::timestamptz IS NULL OR occurred_at > $2) AND occurred_at <= $3 ORDER BY seq LIMIT $4`,
    [documentName, window.after, window.until, window.limit],
  );
  return rows.map(toEvent);
}

/** A project's newest events first, before `beforeSeq` when given: the activity list, paged by seq. */
export async function recentEvents(db: Queryable, projectId: string, page: { beforeSeq: string | null; limit: number }): Promise<StoredEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM document_events WHERE project_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint) ORDER BY seq DESC LIMIT $3`,
    [projectId, page.beforeSeq, page.limit],
  );
  return rows.map(toEvent);
}
