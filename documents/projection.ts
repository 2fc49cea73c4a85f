import * as Y from 'yjs';
import { entryMaps } from './entries.js';
import type { DocumentModel, EntryCollection } from './model.js';

/**
 * Bumped whenever what the projection holds changes shape: documents projected with an older
 * version are rebuilt from their Yjs state the next time they load.
 */
export const PROJECTION_VERSION = 1;

/**
 * One entry's projected state after a change: what readers see, or null once readers no longer
 * see it. Its version (ETag) is `entryEtag(data)`, worked out when it is stored: a busy entry
 * changes many times in one commit, and only its last state is stored.
 */
export interface EntryChange {
  collection: string;
  id: string;
  data: Record<string, unknown> | null;
  /**
   * The fields the change wrote, when it wrote fields of an entry that was there; absent when it
   * made, replaced or removed the entry, or wrote below a field. The rest of `data` is only what
   * the writer had seen, which another instance may have changed since (see `mergeWritten`).
   */
  written?: readonly string[];
}

/** An entry as readers see it (defaults for fields still in flight), or null when readers leave it out. */
export function projectEntry(collection: EntryCollection, value: unknown): Record<string, unknown> | null {
  if (!(value instanceof Y.Map)) return null;
  const parsed = collection.schema.safeParse({ ...collection.defaults, ...(value.toJSON() as Record<string, unknown>) });
  return parsed.success ? (parsed.data as Record<string, unknown>) : null;
}

/** Every entry of the document, for a rebuild. */
export function allEntries(doc: Y.Doc, model: DocumentModel): EntryChange[] {
  const changes: EntryChange[] = [];
  for (const collection of model.collections) {
    for (const [id, value] of entryMaps(doc, collection)) {
      const data = projectEntry(collection, value);
      if (data) changes.push(change(collection, id, data));
    }
  }
  return changes;
}

function change(collection: EntryCollection, id: string, data: Record<string, unknown> | null): EntryChange {
  return { collection: collection.name, id, data };
}

/**
 * A version of an entry's content: equal content, equal tag, on every replica and process. Keys
 * are sorted, so it does not depend on the order fields were written in. Not a security hash:
 * it tells whether an entry changed since a client read it.
 */
export function entryEtag(data: unknown): string {
  return hash53(stableJson(data)).toString(36);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** cyrb53: a fast, well-mixed 53-bit string hash. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
