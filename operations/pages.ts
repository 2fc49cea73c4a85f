import { z } from 'zod';
import type { Cursor } from '../storage/entry-queries.js';

export interface PageRequest {
  /** From the previous page's `next`; absent for the first page. */
  cursor?: string | undefined;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page, or null on the last. */
  next: string | null;
}

const cursorShape = z.object({ s: z.string().nullable(), d: z.string(), e: z.string() }).strict();

/** Cursors are opaque to clients: base64url JSON of where the page ended. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sortKey, d: cursor.documentName, e: cursor.entryId })).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | undefined | 'invalid' {
  if (value === undefined) return undefined;
  try {
    const parsed = cursorShape.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { sortKey: parsed.data.s, documentName: parsed.data.d, entryId: parsed.data.e } : 'invalid';
  } catch {
    return 'invalid';
  }
}
