import { z } from 'zod';

/**
 * Knowledge documents and AI chat (OPENAI_*, AI_*, KNOWLEDGE_*): the variables `platform/config.ts`
 * merges into its one schema, and the typed section it builds from them.
 */

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const positiveInt = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive');

export const knowledgeEnv = {
  /** Key for the OpenAI-compatible server used for embeddings and chat. Unset: full-text search only, and extractive answers (labelled as such). */
  OPENAI_API_KEY: z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional()),
  /** Any OpenAI-compatible server (a local model server, a proxy). Unset: api.openai.com. */
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  /** Model that embeds chunks and queries. Changing it re-embeds nothing: old chunks stay out of semantic search until re-indexed. */
  AI_EMBEDDING_MODEL: z.string().trim().min(1).default('text-embedding-3-small'),
  /** Ask the embedding model for vectors of this many dimensions (text-embedding-3-* can shorten theirs). Unset: the model's own. Fewer make the exact scan without pgvector proportionally faster. */
  AI_EMBEDDING_DIMENSIONS: z.preprocess(emptyAsUndefined, positiveInt.max(4_096, 'must be at most 4096').optional()),
  /** Model that answers chat questions from the retrieved passages. */
  AI_CHAT_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  /** How long one provider request may take before it is retried (the openai client's timeout). */
  AI_TIMEOUT_MS: positiveInt.max(600_000, 'must be at most 600000').default(30_000),
  /** Retries of a provider request that timed out, was rate limited (429) or failed (5xx), with backoff. */
  AI_MAX_RETRIES: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(10).default(2),
  /** Bytes of files one knowledge upload request may carry, all files together (the request is held in memory). */
  KNOWLEDGE_MAX_FILE_BYTES: positiveInt.max(100 * 1024 * 1024, 'must be at most 100 MiB').default(20 * 1024 * 1024),
  /** Pages of a PDF that are read; the rest is left out and the document says `truncated`. */
  KNOWLEDGE_MAX_PDF_PAGES: positiveInt.max(10_000, 'must be at most 10000').default(300),
  /** Tokens (estimated as characters / 4) one chat request may send the model: context and history are trimmed to fit. */
  KNOWLEDGE_CHAT_TOKEN_BUDGET: positiveInt.min(1_000, 'must be at least 1000').max(200_000).default(6_000),
  /** Without pgvector, semantic search scans real[] embeddings exactly; past this many embedded chunks in the searched projects it is skipped (full-text only, said in the answer). */
  KNOWLEDGE_VECTOR_SCAN_MAX_CHUNKS: positiveInt.default(2_000),
  /** Cosine similarity below which a passage is not a semantic match (every passage is *some* distance away; without a floor, any query "finds" them all). */
  KNOWLEDGE_MIN_SIMILARITY: z.coerce.number({ error: 'must be a number' }).min(0).max(1).default(0.35),
};

const knowledgeSchema = z.object(knowledgeEnv);
type KnowledgeEnv = z.output<typeof knowledgeSchema>;

/** The provider's settings; absent when OPENAI_API_KEY is unset. */
export interface AiConfig {
  apiKey: string;
  baseUrl: string | undefined;
  embeddingModel: string;
  embeddingDimensions: number | undefined;
  chatModel: string;
  timeoutMs: number;
  maxRetries: number;
}

export interface KnowledgeConfig {
  ai: AiConfig | undefined;
  maxFileBytes: number;
  maxPdfPages: number;
  chatTokenBudget: number;
  vectorScanMaxChunks: number;
  minSimilarity: number;
}

export function knowledgeConfigOf(e: KnowledgeEnv): KnowledgeConfig {
  return {
    ai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, embeddingModel: e.AI_EMBEDDING_MODEL, embeddingDimensions: e.AI_EMBEDDING_DIMENSIONS, chatModel: e.AI_CHAT_MODEL, timeoutMs: e.AI_TIMEOUT_MS, maxRetries: e.AI_MAX_RETRIES }
      : undefined,
    maxFileBytes: e.KNOWLEDGE_MAX_FILE_BYTES,
    maxPdfPages: e.KNOWLEDGE_MAX_PDF_PAGES,
    chatTokenBudget: e.KNOWLEDGE_CHAT_TOKEN_BUDGET,
    vectorScanMaxChunks: e.KNOWLEDGE_VECTOR_SCAN_MAX_CHUNKS,
    minSimilarity: e.KNOWLEDGE_MIN_SIMILARITY,
  };
}
