import type { Queryable } from '../platform/db/database.js';

export type VersionKind = 'auto' | 'named' | 'before-restore';

export interface VersionSummary {
  id: string;
  /** Its place in the order of versions (a bigint, as a string). */
  seq: string;
  documentName: string;
  kind: VersionKind;
  label: string | null;
  createdBy: string;
  createdAt: Date;
  sizeBytes: number;
}

export interface StoredVersion extends VersionSummary {
  state: Uint8Array;
}

interface VersionRow {
  id: string;
  seq: string;
  document_name: string;
  kind: VersionKind;
  label: string | null;
  created_by: string;
  created_at: Date;
  size_bytes: string;
}

const summaryOf = (row: VersionRow): VersionSummary => ({
  id: row.id,
  seq: row.seq,
  documentName: row.document_name,
  kind: row.kind,
  label: row.label,
  createdBy: row.created_by,
  createdAt: row.created_at,
  sizeBytes: Number(row.size_bytes),
});

const SUMMARY = 'id, seq, document_name, kind, label, created_by, created_at, octet_length(state) AS size_bytes';

export async function insertVersion(db: Queryable, version: { documentName: string; kind: VersionKind; label: string | null; state: Uint8Array; createdBy: string }): Promise<VersionSummary> {
  const { rows } = await db.query<VersionRow>(
    `INSERT INTO document_versions (document_name, kind, label, state, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${SUMMARY}`,
    [version.documentName, version.kind, version.label, Buffer.from(version.state), version.createdBy],
  );
  return summaryOf(rows[0]!);
}

/** Newest first; `before` is the seq of the last version of the previous page. */
export async function listVersions(db: Queryable, documentName: string, options: { limit: number; before?: string | undefined }): Promise<VersionSummary[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${SUMMARY} FROM document_versions WHERE document_name = $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3`,
    [documentName, options.before ?? null, options.limit],
  );
  return rows.map(summaryOf);
}

export async function getVersion(db: Queryable, documentName: string, id: string): Promise<StoredVersion | null> {
  const { rows } = await db.query<VersionRow & { state: Buffer }>(`SELECT ${SUMMARY}, state FROM document_versions WHERE document_name = $1 AND id = $2`, [documentName, id]);
  const row = rows[0];
  return row ? { ...summaryOf(row), state: new Uint8Array(row.state) } : null;
}

/** The latest version of a document, state included (what a new checkpoint is compared with). */
export async function latestVersion(db: Queryable, documentName: string): Promise<StoredVersion | null> {
  const { rows } = await db.query<VersionRow & { state: Buffer }>(`SELECT ${SUMMARY}, state FROM document_versions WHERE document_name = $1 ORDER BY seq DESC LIMIT 1`, [documentName]);
  const row = rows[0];
  return row ? { ...summaryOf(row), state: new Uint8Array(row.state) } : null;
}

/** Removes automatic checkpoints older than the retention; named versions (and those taken before a restore) stay. */
export async function pruneVersions(db: Queryable, retentionDays: number): Promise<number> {
  const { rows } = await db.query<{ id: string }>(`DELETE FROM document_versions WHERE kind = 'auto' AND created_at < now() - make_interval(days => $1) RETURNING id`, [retentionDays]);
  return rows.length;
}
