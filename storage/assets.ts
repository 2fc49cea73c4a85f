import type { Queryable } from '../platform/db/database.js';

export const ASSET_STATUSES = ['pending', 'uploaded', 'processing', 'ready', 'failed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** What processing learnt and made; every field optional, since each kind of file yields different parts. */
export interface DerivedFiles {
  thumbnailKey?: string;
  posterKey?: string;
  width?: number;
  height?: number;
  durationSeconds?: number;
}

export interface StoredAsset {
  id: string;
  projectId: string;
  uploaderUserId: string | null;
  uploaderApiKeyId: string | null;
  name: string;
  declaredType: string;
  detectedType: string | null;
  declaredSize: number;
  size: number | null;
  checksumSha256: string | null;
  storageKey: string;
  status: AssetStatus;
  reason: string | null;
  derived: DerivedFiles;
  uploadExpiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  project_id: string;
  uploader_user_id: string | null;
  uploader_api_key_id: string | null;
  name: string;
  declared_type: string;
  detected_type: string | null;
  declared_size: number;
  size: number | null;
  checksum_sha256: string | null;
  storage_key: string;
  status: AssetStatus;
  reason: string | null;
  derived: DerivedFiles;
  upload_expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

// Sizes are bigint columns: as float8 both drivers hand back a number (exact far beyond any file).
const COLUMNS = `id, project_id, uploader_user_id, uploader_api_key_id, name, declared_type, detected_type, declared_size::float8 AS declared_size,
  size::float8 AS size, checksum_sha256, storage_key, status, reason, derived, upload_expires_at, created_at, updated_at`;

function toAsset(row: Row): StoredAsset {
  return {
    id: row.id,
    projectId: row.project_id,
    uploaderUserId: row.uploader_user_id,
    uploaderApiKeyId: row.uploader_api_key_id,
    name: row.name,
    declaredType: row.declared_type,
    detectedType: row.detected_type,
    declaredSize: row.declared_size,
    size: row.size,
    checksumSha256: row.checksum_sha256,
    storageKey: row.storage_key,
    status: row.status,
    reason: row.reason,
    derived: row.derived ?? {},
    uploadExpiresAt: row.upload_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewAsset {
  id: string;
  projectId: string;
  uploaderUserId: string | null;
  uploaderApiKeyId: string | null;
  name: string;
  declaredType: string;
  declaredSize: number;
  storageKey: string;
  uploadExpiresAt: Date;
}

export async function insertPendingAsset(db: Queryable, asset: NewAsset): Promise<StoredAsset> {
  const { rows } = await db.query<Row>(
    `INSERT INTO assets (id, project_id, uploader_user_id, uploader_api_key_id, name, declared_type, declared_size, storage_key, upload_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [asset.id, asset.projectId, asset.uploaderUserId, asset.uploaderApiKeyId, asset.name, asset.declaredType, asset.declaredSize, asset.storageKey, asset.uploadExpiresAt],
  );
  return toAsset(rows[0]!);
}

/** One asset of one project (another project's id answers null, like an unknown one). */
export async function findAsset(db: Queryable, projectId: string, assetId: string, options: { forUpdate?: boolean } = {}): Promise<StoredAsset | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM assets WHERE project_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [projectId, assetId]);
  return rows[0] ? toAsset(rows[0]) : null;
}

/** For the processing job, which has only the id. */
export async function findAssetById(db: Queryable, assetId: string): Promise<StoredAsset | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM assets WHERE id = $1`, [assetId]);
  return rows[0] ? toAsset(rows[0]) : null;
}

/**
 * Serialises quota decisions of one project: whoever holds the project row decides next, so two
 * uploads racing for the last bytes cannot both fit.
 */
export async function lockProjectForQuota(tx: Queryable, projectId: string): Promise<void> {
  await tx.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [projectId]);
}

/**
 * Bytes a project holds or has promised: stored files at their real size (those whose processing
 * failed too: their file is kept), uploads still pending (and not expired) at the size they
 * announced. Uploads refused on complete hold nothing: their file was removed (no checksum).
 */
export async function bytesInUse(db: Queryable, projectId: string, options: { except?: string } = {}): Promise<number> {
  const { rows } = await db.query<{ used: number }>(
    `SELECT COALESCE(SUM(COALESCE(size, declared_size)), 0)::float8 AS used FROM assets
     WHERE project_id = $1 AND NOT (status = 'failed' AND checksum_sha256 IS NULL) AND (status <> 'pending' OR upload_expires_at > now())
       AND id IS DISTINCT FROM $2`,
    [projectId, options.except ?? null],
  );
  return rows[0]?.used ?? 0;
}

/** pending → uploaded, with what verification found. Null when it was no longer pending (a racing complete won). */
export async function markUploaded(tx: Queryable, assetId: string, found: { detectedType: string; size: number; checksumSha256: string }): Promise<StoredAsset | null> {
  const { rows } = await tx.query<Row>(
    `UPDATE assets SET status = 'uploaded', detected_type = $2, size = $3, checksum_sha256 = $4, reason = NULL, updated_at = now()
     WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
    [assetId, found.detectedType, found.size, found.checksumSha256],
  );
  return rows[0] ? toAsset(rows[0]) : null;
}

/** An upload refused on complete (wrong type, too large): failed with its reason, from pending only. */
export async function markUploadRefused(db: Queryable, assetId: string, reason: string, detectedType: string | null): Promise<void> {
  await db.query(`UPDATE assets SET status = 'failed', reason = $2, detected_type = $3, updated_at = now() WHERE id = $1 AND status = 'pending'`, [assetId, reason, detectedType]);
}

/** uploaded → processing (or processing again: the run before died). Null when there is nothing left to do. */
export async function claimProcessing(db: Queryable, assetId: string): Promise<StoredAsset | null> {
  const { rows } = await db.query<Row>(
    `UPDATE assets SET status = 'processing', updated_at = now() WHERE id = $1 AND status IN ('uploaded', 'processing') RETURNING ${COLUMNS}`,
    [assetId],
  );
  return rows[0] ? toAsset(rows[0]) : null;
}

/** processing → ready | failed, once: a second run finishing after the first changes nothing (false). */
export async function finishProcessing(db: Queryable, assetId: string, outcome: { status: 'ready' | 'failed'; reason: string | null; derived: DerivedFiles }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE assets SET status = $2, reason = $3, derived = $4, updated_at = now() WHERE id = $1 AND status = 'processing'`,
    [assetId, outcome.status, outcome.reason, JSON.stringify(outcome.derived)],
  );
  return rowCount > 0;
}

/** A page of a project's assets, newest first; uploads not completed yet are not listed (there is nothing to show). */
export async function listAssets(db: Queryable, projectId: string, page: { limit: number; offset: number }): Promise<{ assets: StoredAsset[]; total: number }> {
  const where = `project_id = $1 AND status <> 'pending'`;
  const [{ rows }, count] = [
    await db.query<Row>(`SELECT ${COLUMNS} FROM assets WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, [projectId, page.limit, page.offset]),
    await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM assets WHERE ${where}`, [projectId]),
  ];
  return { assets: rows.map(toAsset), total: count.rows[0]?.total ?? 0 };
}

export async function deleteAssetRow(db: Queryable, projectId: string, assetId: string): Promise<StoredAsset | null> {
  const { rows } = await db.query<Row>(`DELETE FROM assets WHERE project_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [projectId, assetId]);
  return rows[0] ? toAsset(rows[0]) : null;
}

/**
 * Uploads asked for but never completed, `graceSeconds` past their URL's expiry: failed with a
 * reason, at most `limit` per call (SKIP LOCKED: two sweepers never take the same rows).
 */
export async function failAbandonedUploads(db: Queryable, options: { graceSeconds: number; limit: number }): Promise<{ id: string; projectId: string }[]> {
  const { rows } = await db.query<{ id: string; project_id: string }>(
    `UPDATE assets SET status = 'failed', reason = 'the upload was never completed', updated_at = now()
     WHERE id IN (
       SELECT id FROM assets WHERE status = 'pending' AND upload_expires_at < now() - make_interval(secs => $1::float8)
       ORDER BY upload_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
     ) RETURNING id, project_id`,
    [options.graceSeconds, options.limit],
  );
  return rows.map((row) => ({ id: row.id, projectId: row.project_id }));
}

/** Several assets of one project by id (ids of other projects are left out), in no particular order. */
export async function findAssets(db: Queryable, projectId: string, assetIds: readonly string[]): Promise<StoredAsset[]> {
  if (assetIds.length === 0) return [];
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM assets WHERE project_id = $1 AND id = ANY($2::uuid[])`, [projectId, [...assetIds]]);
  return rows.map(toAsset);
}
