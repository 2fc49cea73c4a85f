import type { Queryable } from '../platform/db/database.js';
import type { DeliveryStatus } from './deliveries.js';

/** A delivery as the admin view lists it: with its event's type and what its destination is called. */
export interface ListedDelivery {
  id: string;
  eventId: string;
  eventType: string;
  /** The event's document (null for events outside documents) and entry, to point at what it was about. */
  documentName: string | null;
  entryId: string;
  channel: string;
  destination: string;
  /** An integration of the project, a person (per-person channels such as email), or neither any more (deleted). */
  destinationType: 'integration' | 'person' | 'gone';
  /** The integration's name, or the person's name or email; null when it is gone. */
  destinationName: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  notBefore: Date;
  externalRef: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** Where the next page starts: the last row's creation time as PostgreSQL wrote it (microseconds, which a JS Date would lose) and id. */
export interface DeliveryCursor {
  createdAt: string;
  id: string;
}

interface Row {
  id: string;
  event_id: string;
  event_type: string;
  document_name: string | null;
  entry_id: string;
  channel: string;
  destination: string;
  destination_name: string | null;
  destination_type: 'integration' | 'person' | 'gone';
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  not_before: Date;
  external_ref: string | null;
  created_at: Date;
  created_text: string;
  delivered_at: Date | null;
}

const SELECT = `SELECT d.id, d.event_id, e.type AS event_type, e.document_name, e.entry_id, d.channel, d.destination,
    coalesce(i.name, nullif(u.name, ''), u.email) AS destination_name,
    CASE WHEN i.id IS NOT NULL THEN 'integration' WHEN u.id IS NOT NULL THEN 'person' ELSE 'gone' END AS destination_type,
    d.status, d.attempts, d.last_error, d.not_before, d.external_ref, d.created_at, d.created_at::text AS created_text, d.delivered_at
  FROM deliveries d
  JOIN document_events e ON e.id = d.event_id
  LEFT JOIN integrations i ON i.id::text = d.destination AND i.project_id = d.project_id
  -- A person's destination is their id, bare or as 'user:<id>' (email); compared as a uuid so the key is used.
  LEFT JOIN users u ON i.id IS NULL AND u.id = (CASE WHEN d.destination ~* '^(user:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN regexp_replace(d.destination, '^user:', '')::uuid END)`;

function toListed(row: Row): ListedDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    documentName: row.document_name,
    entryId: row.entry_id,
    channel: row.channel,
    destination: row.destination,
    destinationType: row.destination_type,
    destinationName: row.destination_name,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    notBefore: row.not_before,
    externalRef: row.external_ref,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export interface DeliveryFilter {
  status?: DeliveryStatus | undefined;
  channel?: string | undefined;
  destination?: string | undefined;
}

/** A project's deliveries, newest first, filtered; keyset pages (`after` the previous page's last row). */
export async function listProjectDeliveries(
  db: Queryable,
  projectId: string,
  options: DeliveryFilter & { limit: number; after?: DeliveryCursor | undefined },
): Promise<{ items: ListedDelivery[]; next: DeliveryCursor | null }> {
  const params: unknown[] = [projectId, options.limit + 1];
  const where = ['d.project_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (options.status) add((n) => `d.status = $${n}`, options.status);
  if (options.channel) add((n) => `d.channel = $${n}`, options.channel);
  if (options.destination) add((n) => `d.destination = $${n}`, options.destination);
  if (options.after) {
    params.push(options.after.createdAt, options.after.id);
    where.push(`(d.created_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  const { rows } = await db.query<Row>(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT $2`, params);
  const page = rows.slice(0, options.limit);
  const last = rows.length > options.limit ? page.at(-1) : undefined;
  return { items: page.map(toListed), next: last ? { createdAt: last.created_text, id: last.id } : null };
}

/** One delivery of the project, or null. */
export async function getProjectDelivery(db: Queryable, projectId: string, id: string): Promise<ListedDelivery | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE d.project_id = $1 AND d.id::text = $2`, [projectId, id]);
  return rows[0] ? toListed(rows[0]) : null;
}

/** Ids of a destination's dead deliveries in the project, oldest first, at most `limit`; and how many there are in all. */
export async function deadDeliveriesOf(db: Queryable, projectId: string, channel: string, destination: string, limit: number): Promise<{ ids: string[]; total: number }> {
  const { rows } = await db.query<{ id: string; total: string }>(
    `SELECT id, count(*) OVER () AS total FROM deliveries WHERE project_id = $1 AND channel = $2 AND destination = $3 AND status = 'dead' ORDER BY created_at, id LIMIT $4`,
    [projectId, channel, destination, limit],
  );
  return { ids: rows.map((row) => row.id), total: Number(rows[0]?.total ?? 0) };
}
