import type { Readable } from 'node:stream';
import type { Queryable } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { chunksToEmbed, claimIndexing, countChunks, finishIndexing, setIndexingProgress, storeChunks, storeEmbeddings } from '../../storage/knowledge/knowledge-indexing.js';
import { AiError, type AiProvider } from '../ai/ai-provider.js';
import { chunkText } from './chunk-text.js';
import { extractText } from './extract-text.js';
import { type KnowledgeKind, KnowledgeFileError } from './knowledge-file.js';

export interface IndexingDeps {
  db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> };
  blobs: BlobStore;
  ai: AiProvider | null;
  logger: Logger;
  maxPdfPages: number;
}

export type IndexingResult = { outcome: 'nothing-to-do' } | { outcome: 'ready'; chunks: number; embeddings: 'skipped' | 'done' } | { outcome: 'failed'; code: string };

/** Chunks embedded per provider request. */
const EMBED_BATCH = 64;

/**
 * Reads the file, extracts its text (10 %), cuts chunks (30 %), embeds them batch by batch
 * (30–100 %), then marks the document ready. Safe to run twice: it claims only queued or
 * half-done documents, chunks are replaced as a whole, and embedding resumes with the chunks
 * that have none. A file that cannot be read fails with its code (the job succeeds: nothing to
 * retry); a provider that keeps failing throws, for the job to retry with backoff.
 */
export async function indexKnowledgeDocument(deps: IndexingDeps, documentId: string): Promise<IndexingResult> {
  const claimed = await claimIndexing(deps.db, documentId);
  if (!claimed) return { outcome: 'nothing-to-do' };
  const existing = await countChunks(deps.db, documentId);
  if (existing.total === 0) {
    const failed = await extractAndChunk(deps, documentId, claimed);
    if (failed) return failed;
  }
  if (!deps.ai) {
    await finishIndexing(deps.db, documentId, { status: 'ready', embeddingStatus: 'skipped' });
    return { outcome: 'ready', chunks: (await countChunks(deps.db, documentId)).total, embeddings: 'skipped' };
  }
  const ai = deps.ai;
  for (;;) {
    const batch = await chunksToEmbed(deps.db, documentId, ai.embeddingModel, EMBED_BATCH);
    if (batch.length === 0) break;
    const vectors = await ai.embed(batch.map((chunk) => chunk.text));
    await storeEmbeddings(deps.db, ai.embeddingModel, batch.map((chunk, i) => ({ id: chunk.id, embedding: vectors[i]! })));
    const counts = await countChunks(deps.db, documentId);
    await setIndexingProgress(deps.db, documentId, 30 + (70 * counts.embedded) / Math.max(1, counts.total));
  }
  await finishIndexing(deps.db, documentId, { status: 'ready', embeddingStatus: 'done' });
  return { outcome: 'ready', chunks: (await countChunks(deps.db, documentId)).total, embeddings: 'done' };
}

/**
 * The last attempt failed for a reason that is not the file's (the provider kept failing): the
 * document is ready for full-text search, with its embeddings marked failed, rather than stuck.
 */
export async function giveUpEmbedding(db: Queryable, documentId: string, error: unknown): Promise<void> {
  const code = error instanceof AiError ? error.code : 'INDEXING_FAILED';
  const chunks = await countChunks(db, documentId);
  if (chunks.total === 0) await finishIndexing(db, documentId, { status: 'failed', errorCode: code, errorMessage: error instanceof Error ? error.message : String(error) });
  else await finishIndexing(db, documentId, { status: 'ready', embeddingStatus: 'failed', errorCode: code, errorMessage: `Semantic search is off for this document: ${error instanceof Error ? error.message : String(error)}` });
}

async function extractAndChunk(deps: IndexingDeps, documentId: string, claimed: { kind: string; storageKey: string }): Promise<IndexingResult | null> {
  try {
    const stream = await deps.blobs.openRead(claimed.storageKey);
    if (!stream) throw new KnowledgeFileError('FILE_MISSING', 'The file is no longer in storage.');
    const bytes = await readAll(stream);
    const extracted = await extractText(claimed.kind as KnowledgeKind, bytes, { maxPdfPages: deps.maxPdfPages });
    await setIndexingProgress(deps.db, documentId, 10);
    const chunks = chunkText(extracted);
    await deps.db.transaction((tx) => storeChunks(tx, documentId, extracted, chunks));
    await setIndexingProgress(deps.db, documentId, 30);
    return null;
  } catch (error) {
    if (!(error instanceof KnowledgeFileError)) throw error;
    deps.logger.info({ documentId, code: error.code }, 'knowledge document cannot be indexed');
    await finishIndexing(deps.db, documentId, { status: 'failed', errorCode: error.code, errorMessage: error.message });
    return { outcome: 'failed', code: error.code };
  }
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}
