import type { Queryable } from '../../platform/db/database.js';

export type KnowledgeStatus = 'queued' | 'processing' | 'ready' | 'failed';
export type EmbeddingStatus = 'skipped' | 'pending' | 'done' | 'failed';

export interface StoredKnowledgeDocument {
  id: string;
  projectId: string;
  uploaderUserId: string | null;
  uploaderApiKeyId: string | null;
  title: string;
  fileName: string;
  kind: string | null;
  size: number;
  storageKey: string | null;
  language: string;
  status: KnowledgeStatus;
  progress: number;
  errorCode: string | null;
  errorMessage: string | null;
  embeddingStatus: EmbeddingStatus;
  pageCount: number | null;
  truncated: boolean;
  chunkCount: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  project_id: string;
  uploader_user_id: string | null;
  uploader_api_key_id: string | null;
  title: string;
  file_name: string;
  kind: string | null;
  size: string | number;
  storage_key: string | null;
  language: string;
  status: KnowledgeStatus;
  progress: number;
  error_code: string | null;
  error_message: string | null;
  embedding_status: EmbeddingStatus;
  page_count: number | null;
  truncated: boolean;
  chunk_count: string | number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `d.id, d.project_id, d.uploader_user_id, d.uploader_api_key_id, d.title, d.file_name, d.kind, d.size, d.storage_key, d.language::text AS language,
  d.status, d.progress, d.error_code, d.error_message, d.embedding_status, d.page_count, d.truncated, d.created_at, d.updated_at,
  (SELECT count(*) FROM knowledge_chunks c WHERE c.document_id = d.id) AS chunk_count`;

function toDocument(row: Row): StoredKnowledgeDocument {
  return {
    id: row.id,
    projectId: row.project_id,
    uploaderUserId: row.uploader_user_id,
    uploaderApiKeyId: row.uploader_api_key_id,
    title: row.title,
    fileName: row.file_name,
    kind: row.kind,
    size: Number(row.size),
    storageKey: row.storage_key,
    language: row.language,
    status: row.status,
    progress: row.progress,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    embeddingStatus: row.embedding_status,
    pageCount: row.page_count,
    truncated: row.truncated,
    chunkCount: Number(row.chunk_count),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** What an upload stores: the document's identity and file, before any indexing. */
export type NewKnowledgeDocument = Pick<StoredKnowledgeDocument, 'id' | 'projectId' | 'uploaderUserId' | 'uploaderApiKeyId' | 'title' | 'fileName' | 'kind' | 'size' | 'storageKey' | 'language'> & {
  /** A file refused before indexing (empty, wrong type) is stored failed, with its code. */
  failure?: { code: string; message: string } | undefined;
};

export async function insertKnowledgeDocument(db: Queryable, doc: NewKnowledgeDocument): Promise<void> {
  await db.query(
    `INSERT INTO knowledge_documents (id, project_id, uploader_user_id, uploader_api_key_id, title, file_name, kind, size, storage_key, language, status, error_code, error_message)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::regconfig, $11, $12, $13)`,
    [doc.id, doc.projectId, doc.uploaderUserId, doc.uploaderApiKeyId, doc.title, doc.fileName, doc.kind, doc.size, doc.storageKey, doc.language, doc.failure ? 'failed' : 'queued', doc.failure?.code ?? null, doc.failure?.message ?? null],
  );
}

export async function findKnowledgeDocument(db: Queryable, projectId: string, id: string): Promise<StoredKnowledgeDocument | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM knowledge_documents d WHERE d.project_id = $1 AND d.id = $2`, [projectId, id]);
  return rows[0] ? toDocument(rows[0]) : null;
}

export async function findKnowledgeDocumentById(db: Queryable, id: string): Promise<StoredKnowledgeDocument | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM knowledge_documents d WHERE d.id = $1`, [id]);
  return rows[0] ? toDocument(rows[0]) : null;
}

export async function listKnowledgeDocuments(db: Queryable, projectId: string, page: { limit: number; offset: number }): Promise<{ documents: StoredKnowledgeDocument[]; total: number }> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM knowledge_documents d WHERE d.project_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2 OFFSET $3`, [projectId, page.limit, page.offset]);
  const total = await db.query<{ count: string }>('SELECT count(*) AS count FROM knowledge_documents WHERE project_id = $1', [projectId]);
  return { documents: rows.map(toDocument), total: Number(total.rows[0]?.count ?? 0) };
}

export async function renameKnowledgeDocument(db: Queryable, projectId: string, id: string, title: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE knowledge_documents SET title = $3, updated_at = now() WHERE project_id = $1 AND id = $2', [projectId, id, title]);
  return rowCount > 0;
}

export async function deleteKnowledgeDocumentRow(db: Queryable, projectId: string, id: string): Promise<{ storageKey: string | null } | null> {
  const { rows } = await db.query<{ storage_key: string | null }>('DELETE FROM knowledge_documents WHERE project_id = $1 AND id = $2 RETURNING storage_key', [projectId, id]);
  return rows[0] ? { storageKey: rows[0].storage_key } : null;
}

/** The reader's text: the whole extracted text (chunk offsets point into it). */
export async function knowledgeDocumentContent(db: Queryable, projectId: string, id: string): Promise<string | null> {
  const { rows } = await db.query<{ content: string | null }>('SELECT content FROM knowledge_documents WHERE project_id = $1 AND id = $2', [projectId, id]);
  return rows[0]?.content ?? null;
}
