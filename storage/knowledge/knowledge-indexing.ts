import type { Queryable } from '../../platform/db/database.js';
import type { EmbeddingStatus } from './knowledge-documents.js';

/**
 * Takes a queued document for indexing, or one left `processing` by a worker that died (the job
 * runs again). Ready and failed documents are not taken again: a second run does nothing.
 */
export async function claimIndexing(db: Queryable, id: string): Promise<{ projectId: string; kind: string; storageKey: string; language: string } | null> {
  const { rows } = await db.query<{ project_id: string; kind: string; storage_key: string; language: string }>(
    `UPDATE knowledge_documents SET status = 'processing', progress = GREATEST(progress, 5), updated_at = now()
     WHERE id = $1 AND status IN ('queued', 'processing') AND kind IS NOT NULL AND storage_key IS NOT NULL
     RETURNING project_id, kind, storage_key, language::text AS language`,
    [id],
  );
  const row = rows[0];
  return row ? { projectId: row.project_id, kind: row.kind, storageKey: row.storage_key, language: row.language } : null;
}

export async function setIndexingProgress(db: Queryable, id: string, progress: number): Promise<void> {
  await db.query("UPDATE knowledge_documents SET progress = $2, updated_at = now() WHERE id = $1 AND status = 'processing'", [id, Math.max(0, Math.min(100, Math.round(progress)))]);
}

export interface ChunkRow {
  content: string;
  heading: string | null;
  page: number | null;
  start: number;
  end: number;
  tokenCount: number;
}

/** The document's text and chunks, replacing any a previous run wrote (so a rerun writes the same rows). */
export async function storeChunks(tx: Queryable, id: string, extracted: { text: string; pageCount: number | null; truncated: boolean }, chunks: readonly ChunkRow[]): Promise<void> {
  await tx.query('DELETE FROM knowledge_chunks WHERE document_id = $1', [id]);
  await tx.query('UPDATE knowledge_documents SET content = $2, page_count = $3, truncated = $4, updated_at = now() WHERE id = $1', [id, extracted.text, extracted.pageCount, extracted.truncated]);
  // A few hundred rows per statement keeps parameters under PostgreSQL's limit.
  for (let from = 0; from < chunks.length; from += 500) {
    const batch = chunks.slice(from, from + 500);
    await tx.query(
      `INSERT INTO knowledge_chunks (document_id, project_id, ordinal, content, heading, page, start_offset, end_offset, token_count, language)
       SELECT d.id, d.project_id, c.ordinal, c.content, c.heading, c.page, c.start_offset, c.end_offset, c.token_count, d.language
       FROM knowledge_documents d,
            unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[]) AS c(ordinal, content, heading, page, start_offset, end_offset, token_count)
       WHERE d.id = $1`,
      [id, batch.map((_, i) => from + i), batch.map((c) => c.content), batch.map((c) => c.heading), batch.map((c) => c.page), batch.map((c) => c.start), batch.map((c) => c.end), batch.map((c) => c.tokenCount)],
    );
  }
}

/** Chunks still without an embedding of `model`, in order. */
export async function chunksToEmbed(db: Queryable, id: string, model: string, limit: number): Promise<{ id: string; text: string }[]> {
  const { rows } = await db.query<{ id: string; content: string; heading: string | null }>(
    'SELECT id, content, heading FROM knowledge_chunks WHERE document_id = $1 AND (embedding IS NULL OR embedding_model IS DISTINCT FROM $2) ORDER BY ordinal LIMIT $3',
    [id, model, limit],
  );
  return rows.map((row) => ({ id: row.id, text: row.heading ? `${row.heading}\n${row.content}` : row.content }));
}

export async function countChunks(db: Queryable, id: string): Promise<{ total: number; embedded: number }> {
  const { rows } = await db.query<{ total: string; embedded: string }>('SELECT count(*) AS total, count(embedding) AS embedded FROM knowledge_chunks WHERE document_id = $1', [id]);
  return { total: Number(rows[0]?.total ?? 0), embedded: Number(rows[0]?.embedded ?? 0) };
}

export async function storeEmbeddings(db: Queryable, model: string, vectors: readonly { id: string; embedding: readonly number[] }[]): Promise<void> {
  if (vectors.length === 0) return;
  // Each vector travels as an array literal: unnest of a two-dimensional array would flatten it.
  await db.query(
    `UPDATE knowledge_chunks c SET embedding = v.embedding::real[], embedding_model = $3
     FROM unnest($1::uuid[], $2::text[]) AS v(id, embedding) WHERE c.id = v.id`,
    [vectors.map((v) => v.id), vectors.map((v) => `{${v.embedding.join(',')}}`), model],
  );
}

export async function finishIndexing(db: Queryable, id: string, outcome: { status: 'ready' | 'failed'; embeddingStatus?: EmbeddingStatus; errorCode?: string | null; errorMessage?: string | null }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE knowledge_documents SET status = $2, progress = 100, embedding_status = COALESCE($3, embedding_status), error_code = $4, error_message = $5, updated_at = now()
     WHERE id = $1 AND status = 'processing'`,
    [id, outcome.status, outcome.embeddingStatus ?? null, outcome.errorCode ?? null, outcome.errorMessage ?? null],
  );
  return rowCount > 0;
}
