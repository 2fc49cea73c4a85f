import { z } from 'zod';

/**
 * Fractional-index order keys (the `fractional-indexing` package's base-62 format): a head letter
 * giving the integer part's length, base-62 digits, and no trailing zero. A key that breaks this
 * makes every later placement next to it throw, so schemas refuse it and placement skips it.
 * Checked by hand, not by generating a neighbour: placing a card reads every sibling's key.
 */
const SHAPE = /^[A-Za-z][0-9A-Za-z]*$/;
const SMALLEST_INTEGER = `A${'0'.repeat(26)}`;

function integerLength(head: string): number {
  return head >= 'a' && head <= 'z' ? head.charCodeAt(0) - 97 + 2 : 'Z'.charCodeAt(0) - head.charCodeAt(0) + 2;
}

export function isOrderKey(key: string): boolean {
  if (!SHAPE.test(key) || key === SMALLEST_INTEGER) return false;
  const length = integerLength(key[0]!);
  return key.length >= length && !(key.length > length && key.endsWith('0'));
}

/** An entry's `order`: a valid key, or '' (the default a replica reads while the key is still in flight). */
export const orderKey = z
  .string()
  .max(200)
  .refine((key) => key === '' || isOrderKey(key), 'must be a fractional-index order key');
