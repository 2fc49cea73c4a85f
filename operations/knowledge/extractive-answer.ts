import type { Citation } from '../../storage/knowledge/conversations.js';
import type { ChunkHit } from '../../storage/knowledge/knowledge-search.js';
import { placeOf } from './chat-prompt.js';

export const EXTRACTIVE_LABEL = 'Extractive answer (no AI model is configured): these are quotes from your documents, not a generated answer.';
const PASSAGES = 3;
const QUOTE_CHARS = 400;

/**
 * Without a model: the sentences of the top passages that share the most words with the question,
 * quoted word for word with where they are, and labelled as quotes. Nothing is generated.
 */
export function extractiveAnswer(question: string, passages: readonly ChunkHit[]): { text: string; citations: Citation[] } {
  const terms = new Set((question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((word) => !STOP.has(word)));
  const citations = passages.slice(0, PASSAGES).map((hit, i): Citation => {
    const quote = bestSentence(hit.content, terms);
    return { index: i + 1, chunkId: hit.chunkId, documentId: hit.documentId, documentTitle: hit.documentTitle, page: hit.page, heading: hit.heading, start: hit.start, end: hit.end, quote };
  });
  const lines = citations.map((c) => `[${c.index}] “${c.quote}” (${placeOf(c)})`);
  return { text: `${EXTRACTIVE_LABEL}\n\n${lines.join('\n\n')}`, citations };
}

function bestSentence(content: string, terms: ReadonlySet<string>): string {
  const sentences = content.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter(Boolean);
  let best = sentences[0] ?? content;
  let bestScore = -1;
  for (const sentence of sentences) {
    const words = sentence.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
    const score = words.filter((word) => terms.has(word) || [...terms].some((term) => word.startsWith(term) || term.startsWith(word))).length;
    if (score > bestScore) [best, bestScore] = [sentence, score];
  }
  return best.length > QUOTE_CHARS ? `${best.slice(0, QUOTE_CHARS - 1)}…` : best;
}

const STOP = new Set(['the', 'and', 'for', 'are', 'was', 'what', 'which', 'who', 'how', 'does', 'did', 'about', 'with', 'this', 'that', 'from', 'there', 'their', 'when', 'where', 'why', 'say', 'says', 'tell']);
