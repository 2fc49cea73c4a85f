import { DocumentError, valid } from '../document-error.js';
import { type Anchor, anchor as anchorSchema } from './schema.js';

export interface ResolvedAnchor {
  start: number;
  end: number;
  /** exact: the quote is still where it was; moved: found elsewhere (nearest wins); detached: gone. */
  status: 'exact' | 'moved' | 'detached';
}

/** Finds an anchor's range in the current text, following the quote when the text has shifted. */
export function resolveAnchor(anchor: Anchor, text: string): ResolvedAnchor {
  const clamp = (n: number) => Math.max(0, Math.min(n, text.length));
  if (anchor.quote === '') {
    const at = clamp(anchor.start);
    return { start: at, end: at, status: anchor.start <= text.length ? 'exact' : 'moved' };
  }
  if (text.slice(anchor.start, anchor.end) === anchor.quote) return { start: anchor.start, end: anchor.end, status: 'exact' };
  let best = -1;
  for (let at = text.indexOf(anchor.quote); at !== -1; at = text.indexOf(anchor.quote, at + 1)) {
    if (best === -1 || Math.abs(at - anchor.start) < Math.abs(best - anchor.start)) best = at;
  }
  if (best !== -1) return { start: best, end: best + anchor.quote.length, status: 'moved' };
  const start = clamp(anchor.start);
  return { start, end: Math.max(start, clamp(anchor.end)), status: 'detached' };
}

/** The anchor for a selection of `text`; throws on a range outside it. */
export function anchorFromSelection(text: string, start: number, end: number): Anchor {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) {
    throw new DocumentError('INVALID_RANGE', `selection ${start}–${end} is not within a text of ${text.length} characters`);
  }
  return valid(anchorSchema, { start, end, quote: text.slice(start, end) }, 'anchor');
}
