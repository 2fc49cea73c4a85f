import { z } from 'zod';

/**
 * Text people type (names, titles, descriptions) must be storable as they sent it:
 * PostgreSQL `text` refuses NUL, and a lone surrogate is not Unicode at all (it reaches a text
 * column as U+FFFD and makes jsonb, where the audit log keeps details, refuse the whole write).
 * Refused at the edge as 422 naming the field, never a 500 from the database.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type WellFormedString = string & { isWellFormed?: () => boolean };

/** Node 20 has `String.prototype.isWellFormed` (ES2024); the pattern covers runtimes without it. */
function isWellFormed(value: string): boolean {
  const native = (value as WellFormedString).isWellFormed;
  return native ? native.call(value) : !LONE_SURROGATE.test(value);
}

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && isWellFormed(value);
}

/** A string schema that refuses what cannot be stored; chain `.trim()`, `.min()`, `.max()` as usual. */
export function userText() {
  return z.string().refine(isStorableText, 'must not contain NUL characters or unpaired surrogates');
}
