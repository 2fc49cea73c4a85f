import type { Queryable } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { AiProvider } from '../ai/ai-provider.js';
import type { OperationDeps } from '../dependencies.js';

/** KNOWLEDGE_* limits. */
export interface KnowledgeSettings {
  maxFileBytes: number;
  maxPdfPages: number;
  chatTokenBudget: number;
  vectorScanMaxChunks: number;
  /** Cosine similarity below which a passage is not a semantic match. */
  minSimilarity: number;
}

/** What the process gives knowledge operations besides the common ones. */
export interface KnowledgeServices {
  blobs: BlobStore;
  /** Null without OPENAI_API_KEY: full-text search and extractive answers. */
  ai: AiProvider | null;
  settings: KnowledgeSettings;
  /** Enqueues indexing of an uploaded document, inside the caller's transaction. */
  requestIndexing(documentId: string, options: { in: Queryable }): Promise<void>;
}

export type KnowledgeDeps = OperationDeps & KnowledgeServices & { logger: Logger };

/** Where a knowledge document's file lives: ids only, never its name. */
export function knowledgeKeyOf(projectId: string, documentId: string): string {
  return `knowledge/${projectId}/${documentId}`;
}
