import type { ExtractedText, TextSection } from './extracted-text.js';

export interface TextChunk {
  content: string;
  start: number;
  end: number;
  heading: string | null;
  page: number | null;
  tokenCount: number;
}

/** Sizes in tokens, estimated as characters / 4 (close enough for English prose and for budgets). */
export const CHUNKING = { targetTokens: 600, maxTokens: 800, overlapTokens: 80 } as const;
const CHARS_PER_TOKEN = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

interface Range {
  start: number;
  end: number;
}

/**
 * Cuts the text along its structure: a chunk never crosses a section (a heading or a page). Inside
 * a section, sentences (words when one is too long) are gathered up to ~600 tokens, never past
 * 800, and each chunk repeats the last whole sentences of the one before it, up to ~80 tokens.
 */
export function chunkText(extracted: ExtractedText, sizes: { targetTokens: number; maxTokens: number; overlapTokens: number } = CHUNKING): TextChunk[] {
  const target = sizes.targetTokens * CHARS_PER_TOKEN;
  const max = sizes.maxTokens * CHARS_PER_TOKEN;
  const overlap = sizes.overlapTokens * CHARS_PER_TOKEN;
  const chunks: TextChunk[] = [];
  for (const section of extracted.sections) {
    const units = unitsOf(extracted.text, section, max);
    let i = 0;
    while (i < units.length) {
      let j = i + 1;
      while (j < units.length && units[j]!.end - units[i]!.start <= max && units[j - 1]!.end - units[i]!.start < target) j += 1;
      const range = { start: units[i]!.start, end: units[j - 1]!.end };
      const content = extracted.text.slice(range.start, range.end);
      chunks.push({ content, ...range, heading: section.heading, page: section.page, tokenCount: estimateTokens(content) });
      if (j >= units.length) break;
      // The next chunk starts with the tail of this one that fits in the overlap.
      let next = j;
      while (next - 1 > i && range.end - units[next - 1]!.start <= overlap) next -= 1;
      i = next;
    }
  }
  return chunks;
}

/**
 * Sentences of the section's paragraphs (a sentence longer than `max` cut into word runs): the
 * grain chunks are gathered and overlapped in, so the overlap is whole sentences.
 */
function unitsOf(text: string, section: TextSection, max: number): Range[] {
  const units: Range[] = [];
  for (const paragraph of splitBy(text, section, /\n\s*\n/g)) {
    for (const sentence of splitBy(text, paragraph, /(?<=[.!?])\s+/g)) units.push(...(sentence.end - sentence.start <= max ? [sentence] : wordRuns(text, sentence, max)));
  }
  return units;
}

function splitBy(text: string, range: Range, separator: RegExp): Range[] {
  const parts: Range[] = [];
  const slice = text.slice(range.start, range.end);
  let from = 0;
  for (const match of slice.matchAll(separator)) {
    pushTrimmed(text, parts, range.start + from, range.start + match.index);
    from = match.index + match[0].length;
  }
  pushTrimmed(text, parts, range.start + from, range.end);
  return parts;
}

function pushTrimmed(text: string, parts: Range[], start: number, end: number): void {
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  if (end > start) parts.push({ start, end });
}

/** A sentence longer than a chunk: cut at the last space before `max` (or at `max` in a run with none). */
function wordRuns(text: string, range: Range, max: number): Range[] {
  const runs: Range[] = [];
  let start = range.start;
  while (range.end - start > max) {
    const space = text.lastIndexOf(' ', start + max);
    const end = space > start ? space : start + max;
    runs.push({ start, end });
    start = end;
    while (start < range.end && text[start] === ' ') start += 1;
  }
  if (range.end > start) runs.push({ start, end: range.end });
  return runs;
}
