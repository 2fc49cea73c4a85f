import { describe, expect, it } from 'vitest';
import { buildChatPrompt, SYSTEM_PROMPT } from '../operations/knowledge/chat-prompt.js';
import { CHUNKING, chunkText, estimateTokens } from '../operations/knowledge/chunk-text.js';
import { TextBuilder } from '../operations/knowledge/extracted-text.js';
import type { StoredMessage } from '../storage/knowledge/conversations.js';

function sentence(i: number): string {
  return `Sentence number ${i} talks about the schedule of shoot ${i % 7} and the crew that works on it.`;
}

describe('chunking by structure', () => {
  it('keeps chunks within a section, within 800 tokens, ~600 each, overlapping, with exact offsets', () => {
    const builder = new TextBuilder();
    const paragraphs = Array.from({ length: 60 }, (_, p) => Array.from({ length: 4 }, (_, s) => sentence(p * 4 + s)).join(' '));
    builder.add(paragraphs.slice(0, 40).join('\n\n'), { heading: 'Part one', page: null });
    builder.add(paragraphs.slice(40).join('\n\n'), { heading: 'Part two', page: null });
    const extracted = builder.finish({ pageCount: null, truncated: false });
    const chunks = chunkText(extracted);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(extracted.text.slice(chunk.start, chunk.end)).toBe(chunk.content);
      expect(chunk.tokenCount).toBeLessThanOrEqual(CHUNKING.maxTokens);
    }
    const partOne = chunks.filter((c) => c.heading === 'Part one');
    expect(partOne.slice(0, -1).every((c) => c.tokenCount >= 500)).toBe(true);
    // Each chunk starts inside the one before it (overlap), never before it.
    for (let i = 1; i < partOne.length; i += 1) {
      expect(partOne[i]!.start).toBeLessThan(partOne[i - 1]!.end);
      expect(partOne[i]!.start).toBeGreaterThan(partOne[i - 1]!.start);
    }
    const boundary = extracted.sections[1]!.start;
    expect(chunks.every((c) => c.end <= boundary || c.start >= boundary)).toBe(true);
  });

  it('cuts a paragraph with no sentence ends, and drops what PostgreSQL cannot store', () => {
    const builder = new TextBuilder();
    builder.add(`${'word '.repeat(2_000)}\u0000tail \uD800end`, { heading: null, page: 3 });
    const extracted = builder.finish({ pageCount: 3, truncated: false });
    expect(extracted.text).not.toContain('\u0000');
    expect(extracted.text).toContain('\uFFFDend');
    const chunks = chunkText(extracted);
    expect(chunks.every((c) => c.tokenCount <= CHUNKING.maxTokens && c.page === 3)).toBe(true);
    expect(chunks.at(-1)!.content.endsWith('end')).toBe(true);
  });
});

describe('the chat token budget', () => {
  const hit = (n: number, chars: number) => ({ chunkId: `c${n}`, documentId: 'd', projectId: 'p', documentTitle: 'Doc', content: `${n} `.padEnd(chars, 'x'), heading: null, page: null, start: 0, end: chars, score: 1 });
  const message = (n: number, chars: number): StoredMessage => ({ id: String(n), role: n % 2 ? 'user' : 'assistant', content: `m${n} `.padEnd(chars, 'y'), mode: null, citations: [], errorCode: null, createdAt: new Date() });

  it('always sends the system prompt and the question; passages first (pinned, then by rank), then the newest history that fits', () => {
    const prompt = buildChatPrompt({ question: 'Why?', pinned: [hit(0, 2_000)], retrieved: [hit(1, 2_000), hit(2, 2_000), hit(3, 8_000), hit(4, 2_000)], history: [message(9, 1_000), message(8, 1_000), message(7, 40_000), message(6, 100)], budgetTokens: 4_000 });
    expect(prompt.messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    expect(prompt.messages.at(-1)!.content).toMatch(/Question: Why\?$/);
    expect(prompt.passages.map((p) => p.chunkId)).toEqual(['c0', 'c1', 'c2', 'c3'].slice(0, prompt.passages.length));
    expect(prompt.passages[0]!.chunkId).toBe('c0');
    // History: newest first until one does not fit; older ones are dropped even if small.
    expect(prompt.messages.slice(1, -1).map((m) => m.content.slice(0, 2))).toEqual(['m8', 'm9'].slice(2 - prompt.historyMessages));
    const total = prompt.messages.reduce((sum, m) => sum + estimateTokens(m.content), 0);
    expect(total).toBeLessThanOrEqual(4_000);
  });
});
