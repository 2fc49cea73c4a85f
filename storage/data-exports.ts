import type { Queryable } from '../platform/db/database.js';

export const EXPORT_STATUSES = ['pending', 'running', 'ready', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface StoredExport {
  id: string;
  userId: string;
  status: ExportStatus;
  progress: number;
  storageKey: string | null;
  size: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  expiresAt: Date | null;
}

interface Row {
  id: string;
  user_id: string;
  status: ExportStatus;
  progress: number;
  storage_key: string | null;
  size: number | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  expires_at: Date | null;
}

const COLUMNS = 'id, user_id, status, progress, storage_key, size::float8 AS size, error, created_at, started_at, completed_at, expires_at';

function toExport(row: Row): StoredExport {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    progress: Number(row.progress),
    storageKey: row.storage_key,
    size: row.size === null ? null : Number(row.size),
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    expiresAt: row.expires_at,
  };
}

/**
 * A new pending export for the person, or null when one is pending or running already (the
 * partial unique index decides, so two requests at once still make one).
 */
export async function insertExport(tx: Queryable, userId: string): Promise<StoredExport | null> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO data_exports (user_id) VALUES ($1)
     ON CONFLICT (user_id) WHERE status IN ('pending', 'running') DO NOTHING RETURNING ${COLUMNS}`,
    [userId],
  );
  return rows[0] ? toExport(rows[0]) : null;
}

export async function findInFlightExport(db: Queryable, userId: string): Promise<StoredExport | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM data_exports WHERE user_id = $1 AND status IN ('pending', 'running')`, [userId]);
  return rows[0] ? toExport(rows[0]) : null;
}

/** The person's own export; another person's id reads as none. */
export async function findExport(db: Queryable, userId: string, id: string): Promise<StoredExport | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM data_exports WHERE id = $1 AND user_id = $2`, [id, userId]);
  return rows[0] ? toExport(rows[0]) : null;
}

export async function listExports(db: Queryable, userId: string, limit: number): Promise<StoredExport[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM data_exports WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [userId, limit]);
  return rows.map(toExport);
}

/** Marks a pending (or interrupted running) export as being built; null when it is finished already. */
export async function startExport(db: Queryable, id: string): Promise<StoredExport | null> {
  const { rows } = await db.query<Row>(
    `UPDATE data_exports SET status = 'running', progress = 0, started_at = now(), updated_at = now()
     WHERE id = $1 AND status IN ('pending', 'running') RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ? toExport(rows[0]) : null;
}

export async function setExportProgress(db: Queryable, id: string, progress: number): Promise<void> {
  await db.query(`UPDATE data_exports SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [id, Math.max(0, Math.min(99, Math.round(progress)))]);
}

export async function finishExport(db: Queryable, id: string, done: { storageKey: string; size: number; expiresAt: Date }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE data_exports SET status = 'ready', progress = 100, storage_key = $2, size = $3, expires_at = $4, completed_at = now(), updated_at = now()
     WHERE id = $1 AND status = 'running'`,
    [id, done.storageKey, done.size, done.expiresAt],
  );
  return rowCount === 1;
}

export async function failExport(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`UPDATE data_exports SET status = 'failed', error = $2, completed_at = now(), updated_at = now() WHERE id = $1 AND status IN ('pending', 'running')`, [id, error.slice(0, 500)]);
}

/** Ready exports past their expiry, oldest first, with their archive keys. */
export async function dueExports(db: Queryable, now: Date, limit: number): Promise<{ id: string; storageKey: string | null }[]> {
  const { rows } = await db.query<{ id: string; storage_key: string | null }>(
    `SELECT id, storage_key FROM data_exports WHERE status = 'ready' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2`,
    [now, limit],
  );
  return rows.map((row) => ({ id: row.id, storageKey: row.storage_key }));
}

export async function markExpired(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE data_exports SET status = 'expired', storage_key = NULL, updated_at = now() WHERE id = $1 AND status = 'ready'`, [id]);
}
