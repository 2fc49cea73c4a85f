import type { Queryable } from '../platform/db/database.js';

/** How long a key's first response is replayed. */
export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export type Reservation =
  | { outcome: 'reserved' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in-progress' }
  | { outcome: 'mismatch' };

/**
 * Claims `key` for this caller and request, or reports what happened to it: the stored first
 * response, a first request still running, or a key used for a different request. A key older
 * than the TTL is treated as new (and replaced).
 */
export async function reserveIdempotencyKey(db: Queryable, scope: string, key: string, requestHash: string): Promise<Reservation> {
  await db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'`, [scope, key]);
  const inserted = await db.query('INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key', [scope, key, requestHash]);
  if (inserted.rows.length > 0) return { outcome: 'reserved' };
  const { rows } = await db.query<{ request_hash: string; status: number | null; response: unknown; headers: Record<string, string> | null }>(
    'SELECT request_hash, status, response, headers FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [scope, key],
  );
  const row = rows[0];
  // Deleted between our insert and select (it expired or its request failed): the caller may try again.
  if (!row) return { outcome: 'in-progress' };
  if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
  if (row.status === null) return { outcome: 'in-progress' };
  return { outcome: 'replay', response: { status: row.status, body: row.response, headers: row.headers ?? {} } };
}

export async function completeIdempotencyKey(db: Queryable, scope: string, key: string, response: StoredResponse): Promise<void> {
  await db.query('UPDATE idempotency_keys SET status = $3, response = $4, headers = $5 WHERE scope = $1 AND key = $2', [scope, key, response.status, JSON.stringify(response.body), JSON.stringify(response.headers)]);
}

/** A request that failed on our side leaves no record: its retry runs again. */
export async function releaseIdempotencyKey(db: Queryable, scope: string, key: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
}

export async function pruneIdempotencyKeys(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'`);
  return rowCount;
}
