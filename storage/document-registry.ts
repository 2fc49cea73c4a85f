import * as Y from 'yjs';
import { type DocumentKind, formatDocumentName } from '../documents/document-name.js';
import { modelFor } from '../documents/models.js';
import { PROJECTION_VERSION, allEntries } from '../documents/projection.js';
import type { Queryable } from '../platform/db/database.js';
import { SERVER_OWNER } from './client-ids.js';
import { writeUpdates } from './document-log.js';

export interface RegisteredDocument {
  id: string;
  name: string;
  kind: DocumentKind;
  projectId: string;
  title: string;
  createdBy: string | null;
  createdByApiKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  sizeBytes: number;
  archivedAt: Date | null;
}

interface Row {
  id: string;
  name: string;
  kind: DocumentKind;
  project_id: string;
  title: string;
  created_by: string | null;
  created_by_api_key: string | null;
  created_at: Date;
  updated_at: Date;
  size_bytes: string;
  archived_at: Date | null;
}

const COLUMNS = 'id, name, kind, project_id, title, created_by, created_by_api_key, created_at, updated_at, size_bytes, archived_at';

function toDocument(row: Row): RegisteredDocument {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    projectId: row.project_id,
    title: row.title,
    createdBy: row.created_by,
    createdByApiKey: row.created_by_api_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sizeBytes: Number(row.size_bytes),
    archivedAt: row.archived_at,
  };
}

export type CreateResult = { outcome: 'created' | 'existing'; document: RegisteredDocument } | { outcome: 'id-taken'; document: RegisteredDocument };

/**
 * Registers a document and stores its seed (the model's initial content) in the same
 * transaction. The primary key decides races: only the insert that wins writes a seed, so
 * retries and concurrent creates never duplicate initial columns. Call inside a transaction.
 */
export async function createDocument(
  tx: Queryable,
  input: { projectId: string; id: string; kind: DocumentKind; title: string; createdBy: string | null; createdByApiKey: string | null },
): Promise<CreateResult> {
  const name = formatDocumentName({ kind: input.kind, projectId: input.projectId, id: input.id });
  const seed = new Y.Doc();
  const model = modelFor(input.kind);
  model.seed(seed);
  const state = Y.encodeStateAsUpdate(seed);
  const inserted = await tx.query<Row>(
    `INSERT INTO documents (project_id, id, kind, name, title, created_by, created_by_api_key, size_bytes, projection_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [input.projectId, input.id, input.kind, name, input.title, input.createdBy, input.createdByApiKey, PROJECTION_VERSION],
  );
  if (inserted.rows[0]) {
    // The seed goes in through the log's one writer, which counts its bytes like any update's.
    await writeUpdates(tx, [{ name, update: state, claims: [{ name, client: seed.clientID, owner: SERVER_OWNER, claimedAt: new Date() }], entries: allEntries(seed, model) }]);
    return { outcome: 'created', document: { ...toDocument(inserted.rows[0]), sizeBytes: state.byteLength } };
  }
  const existing = await tx.query<Row>(`SELECT ${COLUMNS} FROM documents WHERE project_id = $1 AND id = $2`, [input.projectId, input.id]);
  const document = toDocument(existing.rows[0]!);
  return { outcome: document.kind === input.kind ? 'existing' : 'id-taken', document };
}

export async function getDocument(db: Queryable, projectId: string, id: string): Promise<RegisteredDocument | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM documents WHERE project_id = $1 AND id = $2`, [projectId, id]);
  return rows[0] ? toDocument(rows[0]) : null;
}

/** For the collab server: a name that is not registered, or archived, cannot be opened. */
export async function findOpenDocument(db: Queryable, name: string): Promise<RegisteredDocument | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM documents WHERE name = $1 AND archived_at IS NULL`, [name]);
  return rows[0] ? toDocument(rows[0]) : null;
}

export async function listDocuments(
  db: Queryable,
  projectId: string,
  /** `hidden`: names left out (documents hidden from the caller). */
  options: { kind?: DocumentKind; archived: boolean; limit: number; offset: number; hidden?: readonly string[] },
): Promise<{ documents: RegisteredDocument[]; total: number }> {
  const filters = ['project_id = $1', options.archived ? 'archived_at IS NOT NULL' : 'archived_at IS NULL'];
  const params: unknown[] = [projectId];
  if (options.hidden && options.hidden.length > 0) {
    params.push(options.hidden);
    filters.push(`NOT (name = ANY($${params.length}::text[]))`);
  }
  if (options.kind) {
    params.push(options.kind);
    filters.push(`kind = $${params.length}`);
  }
  const where = filters.join(' AND ');
  const total = await db.query<{ n: string }>(`SELECT count(*) AS n FROM documents WHERE ${where}`, params);
  const page = await db.query<Row>(`SELECT ${COLUMNS} FROM documents WHERE ${where} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
    ...params,
    options.limit,
    options.offset,
  ]);
  return { documents: page.rows.map(toDocument), total: Number(total.rows[0]!.n) };
}

export async function renameDocument(tx: Queryable, projectId: string, id: string, title: string): Promise<RegisteredDocument | null> {
  const { rows } = await tx.query<Row>(`UPDATE documents SET title = $3, updated_at = now() WHERE project_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [projectId, id, title]);
  return rows[0] ? toDocument(rows[0]) : null;
}

/** Archives (or restores) a document; its content is kept. Null when there is no such document. */
export async function setArchived(tx: Queryable, projectId: string, id: string, archived: boolean): Promise<{ document: RegisteredDocument; changed: boolean } | null> {
  const current = await tx.query<Row>(`SELECT ${COLUMNS} FROM documents WHERE project_id = $1 AND id = $2 FOR UPDATE`, [projectId, id]);
  if (!current.rows[0]) return null;
  if ((current.rows[0].archived_at !== null) === archived) return { document: toDocument(current.rows[0]), changed: false };
  const { rows } = await tx.query<Row>(
    `UPDATE documents SET archived_at = ${archived ? 'now()' : 'NULL'}, updated_at = now() WHERE project_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [projectId, id],
  );
  return { document: toDocument(rows[0]!), changed: true };
}

/**
 * Locks a document's row until the transaction ends (while who may use it changes) and returns its
 * name; null when there is no such document, or, with `open`, when it is archived.
 */
export async function lockDocumentName(tx: Queryable, projectId: string, id: string, options: { open?: boolean } = {}): Promise<string | null> {
  const { rows } = await tx.query<{ name: string }>(`SELECT name FROM documents WHERE project_id = $1 AND id = $2${options.open ? ' AND archived_at IS NULL' : ''} FOR UPDATE`, [projectId, id]);
  return rows[0]?.name ?? null;
}
