import type { Queryable } from '../platform/db/database.js';

export type ErasureStatus = 'pending' | 'running' | 'done' | 'failed';

export interface StoredErasure {
  id: string;
  /** Null once the erasure is done (the person's row is gone). */
  userId: string | null;
  requestedBy: 'self' | 'admin';
  status: ErasureStatus;
  documentsReset: number;
  error: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

const COLUMNS = 'id, user_id, requested_by, status, documents_reset, error, created_at, completed_at';

interface Row {
  id: string;
  user_id: string | null;
  requested_by: 'self' | 'admin';
  status: ErasureStatus;
  documents_reset: number;
  error: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const toErasure = (row: Row): StoredErasure => ({
  id: row.id,
  userId: row.user_id,
  requestedBy: row.requested_by,
  status: row.status,
  documentsReset: row.documents_reset,
  error: row.error,
  createdAt: row.created_at,
  completedAt: row.completed_at,
});

/** A new erasure, or null when one is already waiting or running for the person (the unique index decides). */
export async function insertErasure(tx: Queryable, userId: string, requestedBy: 'self' | 'admin'): Promise<StoredErasure | null> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO erasures (user_id, requested_by) VALUES ($1, $2) ON CONFLICT (user_id) WHERE status IN ('pending', 'running') DO NOTHING RETURNING ${COLUMNS}`,
    [userId, requestedBy],
  );
  return rows[0] ? toErasure(rows[0]) : null;
}

export async function findInFlightErasure(db: Queryable, userId: string): Promise<StoredErasure | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM erasures WHERE user_id = $1 AND status IN ('pending', 'running')`, [userId]);
  return rows[0] ? toErasure(rows[0]) : null;
}

export async function findErasure(db: Queryable, id: string): Promise<StoredErasure | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM erasures WHERE id = $1`, [id]);
  return rows[0] ? toErasure(rows[0]) : null;
}

/** Marks it running and answers whom it erases; null when it is finished (done or failed for good). */
export async function startErasure(db: Queryable, id: string): Promise<{ userId: string } | null> {
  const { rows } = await db.query<{ user_id: string | null }>(
    `UPDATE erasures SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
     WHERE id = $1 AND status IN ('pending', 'running') RETURNING user_id`,
    [id],
  );
  return rows[0]?.user_id ? { userId: rows[0].user_id } : null;
}

export async function countDocumentReset(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE erasures SET documents_reset = documents_reset + 1, updated_at = now() WHERE id = $1', [id]);
}

/** In the transaction that deletes the person: their id leaves this row with theirs (ON DELETE SET NULL). */
export async function finishErasure(tx: Queryable, id: string): Promise<void> {
  await tx.query(`UPDATE erasures SET status = 'done', completed_at = now(), updated_at = now(), error = NULL WHERE id = $1`, [id]);
}

export async function failErasure(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`UPDATE erasures SET status = 'failed', error = $2, completed_at = now(), updated_at = now() WHERE id = $1 AND status <> 'done'`, [id, error]);
}
