import type { Queryable } from '../platform/db/database.js';

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'dead';

export interface Delivery {
  id: string;
  eventId: string;
  projectId: string;
  channel: string;
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  notBefore: Date;
  externalRef: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

interface Row {
  id: string;
  event_id: string;
  project_id: string;
  channel: string;
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  not_before: Date;
  external_ref: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const COLUMNS = 'id, event_id, project_id, channel, destination, status, attempts, last_error, not_before, external_ref, created_at, delivered_at';

function toDelivery(row: Row): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    projectId: row.project_id,
    channel: row.channel,
    destination: row.destination,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    notBefore: row.not_before,
    externalRef: row.external_ref,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export interface PlannedDelivery {
  eventId: string;
  projectId: string;
  channel: string;
  destination: string;
  /** Not sent before this (a person's email digest gathers until then); absent: due at once. */
  notBefore?: Date | undefined;
}

/** Records what is to be delivered; a pair already recorded is left as it is. Returns the destinations that got new work. */
export async function planDeliveries(db: Queryable, planned: readonly PlannedDelivery[]): Promise<{ channel: string; destination: string }[]> {
  if (planned.length === 0) return [];
  const { rows } = await db.query<{ channel: string; destination: string }>(
    `INSERT INTO deliveries (event_id, project_id, channel, destination, not_before)
     SELECT p.event_id, p.project_id, p.channel, p.destination, coalesce(p.not_before, now())
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS p(event_id, project_id, channel, destination, not_before)
     ON CONFLICT (event_id, channel, destination) DO NOTHING
     RETURNING channel, destination`,
    [
      planned.map((p) => p.eventId),
      planned.map((p) => p.projectId),
      planned.map((p) => p.channel),
      planned.map((p) => p.destination),
      planned.map((p) => p.notBefore?.toISOString() ?? null),
    ],
  );
  const unique = new Map(rows.map((row) => [`${row.channel}\u0000${row.destination}`, row]));
  return [...unique.values()];
}

/**
 * Takes up to `limit` due deliveries of one destination and marks them 'sending' (committed
 * before anything is sent). One left 'sending' longer than `inDoubtAfterMs` belonged to a worker
 * that died mid-call: it is due again.
 */
export async function claimDue(db: Queryable, channel: string, destination: string, limit: number, inDoubtAfterMs: number): Promise<Delivery[]> {
  const { rows } = await db.query<Row>(
    `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, sending_since = now()
     WHERE id IN (
       SELECT id FROM deliveries
       WHERE channel = $1 AND destination = $2
         AND ((status = 'pending' AND not_before <= now())
           OR (status = 'sending' AND sending_since < now() - make_interval(secs => $4::double precision / 1000)))
       ORDER BY created_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [channel, destination, limit, inDoubtAfterMs],
  );
  return rows.map(toDelivery).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

export async function markDelivered(db: Queryable, ids: readonly string[], externalRefs: ReadonlyMap<string, string> = new Map()): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `UPDATE deliveries d SET status = 'delivered', delivered_at = now(), last_error = NULL, external_ref = coalesce(r.ref, d.external_ref)
     FROM unnest($1::uuid[], $2::text[]) AS r(id, ref) WHERE d.id = r.id`,
    [ids, ids.map((id) => externalRefs.get(id) ?? null)],
  );
}

/**
 * How long until the destination may take another message, given that it takes one per
 * `intervalMs` (0: now). Measured on the database's clock, which stamped `delivered_at`.
 */
export async function waitBeforeNextSend(db: Queryable, channel: string, destination: string, intervalMs: number): Promise<number> {
  const { rows } = await db.query<{ wait_ms: number }>(
    `SELECT greatest(0, extract(epoch FROM delivered_at + make_interval(secs => $3::double precision / 1000) - now()) * 1000)::float8 AS wait_ms
     FROM deliveries WHERE channel = $1 AND destination = $2 AND status = 'delivered'
     ORDER BY delivered_at DESC LIMIT 1`,
    [channel, destination, intervalMs],
  );
  return Math.ceil(rows[0]?.wait_ms ?? 0);
}

/**
 * Sends them back to wait until `retryAt`, or marks them dead (retryAt null). `uncounted`: the
 * destination only asked us to wait (a 429), so the claim does not count as an attempt.
 */
export async function markFailed(db: Queryable, ids: readonly string[], error: string, retryAt: Date | null, options: { uncounted?: boolean } = {}): Promise<void> {
  if (ids.length === 0) return;
  const attempts = options.uncounted ? ', attempts = greatest(attempts - 1, 0)' : '';
  await db.query(
    retryAt
      ? `UPDATE deliveries SET status = 'pending', last_error = $2, not_before = $3, sending_since = NULL${attempts} WHERE id = ANY($1::uuid[])`
      : `UPDATE deliveries SET status = 'dead', last_error = $2, sending_since = NULL WHERE id = ANY($1::uuid[])`,
    retryAt ? [ids, error.slice(0, 2_000), retryAt.toISOString()] : [ids, error.slice(0, 2_000)],
  );
}

/**
 * When the destination next has something due (null: nothing pending or in flight): a pending
 * delivery's time, or when one left 'sending' by a dead worker becomes due again.
 */
export async function nextDue(db: Queryable, channel: string, destination: string, inDoubtAfterMs: number): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(CASE status WHEN 'pending' THEN not_before ELSE sending_since + make_interval(secs => $3::double precision / 1000) END) AS at
     FROM deliveries WHERE channel = $1 AND destination = $2 AND status IN ('pending', 'sending')`,
    [channel, destination, inDoubtAfterMs],
  );
  return rows[0]?.at ?? null;
}

/**
 * Every destination with deliveries due now: pending ones past their time, or in flight for
 * longer than `inDoubtAfterMs` (their worker died). What the sweep hands back to send jobs when
 * one was lost (a worker that died between planning and enqueuing, a send job that ran out of
 * retries). Work due later is left out: its own send job is queued for then, or a later sweep
 * finds it due.
 */
export async function destinationsWithWork(db: Queryable, channel: string, inDoubtAfterMs: number, limit: number): Promise<{ destination: string; dueAt: Date }[]> {
  const { rows } = await db.query<{ destination: string; due_at: Date }>(
    `SELECT destination,
            min(CASE status WHEN 'pending' THEN not_before ELSE sending_since + make_interval(secs => $2::double precision / 1000) END) AS due_at
     FROM deliveries WHERE channel = $1 AND status IN ('pending', 'sending')
     GROUP BY destination
     HAVING min(CASE status WHEN 'pending' THEN not_before ELSE sending_since + make_interval(secs => $2::double precision / 1000) END) <= now()
     ORDER BY due_at LIMIT $3`,
    [channel, inDoubtAfterMs, limit],
  );
  return rows.map((row) => ({ destination: row.destination, dueAt: row.due_at }));
}

export async function listDeliveries(
  db: Queryable,
  projectId: string,
  options: { status?: DeliveryStatus | undefined; limit: number; before?: { createdAt: string; id: string } | undefined },
): Promise<Delivery[]> {
  const params: unknown[] = [projectId, options.limit];
  const where = ['project_id = $1'];
  if (options.status) {
    params.push(options.status);
    where.push(`status = $${params.length}`);
  }
  if (options.before) {
    params.push(options.before.createdAt, options.before.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM deliveries WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  return rows.map(toDelivery);
}

/** A dead delivery of the project back to pending; null when there is no such dead delivery. */
export async function reviveDelivery(db: Queryable, projectId: string, id: string): Promise<Delivery | null> {
  const { rows } = await db.query<Row>(
    `UPDATE deliveries SET status = 'pending', attempts = 0, not_before = now(), last_error = NULL WHERE project_id = $1 AND id = $2 AND status = 'dead' RETURNING ${COLUMNS}`,
    [projectId, id],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}
