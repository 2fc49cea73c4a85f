/** One message of a chat request, as OpenAI-compatible servers take it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * What features ask of a language-model provider: embeddings and a streamed chat answer. Absent
 * (null) when none is configured: callers then fall back to what works without one.
 */
export interface AiProvider {
  /** The model whose vectors `embed` returns: vectors of different models are never compared. */
  readonly embeddingModel: string;
  /** The model `streamChat` asks: what people are told wrote an answer or an analysis. */
  readonly chatModel: string;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
  /** The answer's text as it arrives. */
  streamChat(messages: readonly ChatMessage[], signal?: AbortSignal): AsyncIterable<string>;
}

export type AiErrorCode = 'AI_RATE_LIMITED' | 'AI_TIMEOUT' | 'AI_UNAVAILABLE' | 'AI_REFUSED';

/** The provider failed after its retries: the code says how, for callers and clients to branch on. */
export class AiError extends Error {
  constructor(
    readonly code: AiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AiError';
  }
}

/** Scales a vector to length 1, so cosine similarity is a dot product (in SQL and in pgvector). */
export function unitLength(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? vector.map(() => 0) : vector.map((x) => x / norm);
}
