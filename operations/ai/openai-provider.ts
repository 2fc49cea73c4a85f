import OpenAI from 'openai';
import type { AiConfig } from '../../platform/knowledge-config.js';
import { AiError, type AiProvider, type ChatMessage, unitLength } from './ai-provider.js';

/**
 * The provider over the `openai` library: api.openai.com or any compatible server
 * (OPENAI_BASE_URL). The library retries timeouts, 429 and 5xx with backoff (AI_MAX_RETRIES,
 * honouring Retry-After); what still fails becomes an AiError with a code. Null without a key.
 */
export function createAiProvider(config: AiConfig | undefined): AiProvider | null {
  if (!config) return null;
  const client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl ?? null, timeout: config.timeoutMs, maxRetries: config.maxRetries });
  return {
    embeddingModel: config.embeddingModel,
    chatModel: config.chatModel,
    async embed(texts, signal) {
      if (texts.length === 0) return [];
      try {
        const response = await client.embeddings.create({ model: config.embeddingModel, input: [...texts], ...(config.embeddingDimensions ? { dimensions: config.embeddingDimensions } : {}) }, signal ? { signal } : {});
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== texts.length) throw new AiError('AI_UNAVAILABLE', `the embedding server answered ${ordered.length} vectors for ${texts.length} texts`);
        return ordered.map((item) => unitLength(item.embedding));
      } catch (error) {
        throw asAiError(error);
      }
    },
    async *streamChat(messages: readonly ChatMessage[], signal?: AbortSignal) {
      let stream;
      try {
        stream = await client.chat.completions.create({ model: config.chatModel, messages: messages.map((m) => ({ role: m.role, content: m.content })), stream: true }, signal ? { signal } : {});
      } catch (error) {
        throw asAiError(error);
      }
      try {
        for await (const chunk of stream) {
          const text = chunk.choices[0]?.delta?.content;
          if (text) yield text;
        }
      } catch (error) {
        throw asAiError(error);
      }
    },
  };
}

function asAiError(error: unknown): AiError {
  if (error instanceof AiError) return error;
  if (error instanceof OpenAI.RateLimitError) return new AiError('AI_RATE_LIMITED', 'The AI provider is rate limiting requests; try again shortly.');
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new AiError('AI_TIMEOUT', 'The AI provider did not answer in time.');
  if (error instanceof OpenAI.APIError && error.status !== undefined && error.status >= 400 && error.status < 500) return new AiError('AI_REFUSED', `The AI provider refused the request (${error.status}).`);
  return new AiError('AI_UNAVAILABLE', `The AI provider could not be reached: ${error instanceof Error ? error.message : String(error)}`);
}
