import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import type { z } from 'zod';
import type { EntryCollection } from './model.js';
import { isOrderKey } from './order-key.js';

/** A new entry's `Y.Map`, one Yjs key per field so concurrent edits of different fields both survive. */
export function toYMap(entry: Record<string, unknown>): Y.Map<unknown> {
  return new Y.Map(Object.entries(entry));
}

export function entryMaps(doc: Y.Doc, collection: Pick<EntryCollection, 'name'>): Y.Map<Y.Map<unknown>> {
  return doc.getMap(collection.name);
}

/**
 * The valid entries of a collection. A replica that receives updates out of order can briefly
 * hold an overwritten field whose new value is still pending (Yjs applies the delete first):
 * such fields read as their defaults until the rest arrives. Entries still invalid after that
 * (a buggy or hostile client) are left out rather than crash readers.
 */
export function readCollection<Entry>(doc: Y.Doc, collection: EntryCollection & { schema: z.ZodType<Entry> }): Entry[] {
  const entries: Entry[] = [];
  for (const value of entryMaps(doc, collection).values()) {
    if (!(value instanceof Y.Map)) continue;
    const parsed = collection.schema.safeParse({ ...collection.defaults, ...(value.toJSON() as Record<string, unknown>) });
    if (parsed.success) entries.push(parsed.data as Entry);
  }
  return entries;
}

/** Fractional-key order with the id as tie-break, so every replica sorts the same way. */
export const byOrderThenId = (a: { order: string; id: string }, b: { order: string; id: string }): number =>
  a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The order key that puts an item at `index` among `siblings` (sorted, without the item itself).
 * Replicas inserting at one spot concurrently make equal keys (sorted by id); between equal
 * neighbours there is no key, so the item goes after the whole run of ties instead.
 */
export function keyAt(siblings: { order: string }[], index: number): string {
  // A sibling whose key is still in flight (read as '') or malformed (a hostile client's, until the server's repair arrives) has no place to be put beside.
  const placed = siblings.filter((sibling) => isOrderKey(sibling.order));
  const at = Math.max(0, Math.min(index, placed.length));
  const lower = placed[at - 1]?.order ?? null;
  const upper = placed.slice(at).find((sibling) => lower === null || sibling.order > lower)?.order ?? null;
  return generateKeyBetween(lower, upper);
}

/**
 * The order keys an item is placed among: entries of `collection` whose `field` equals `value`
 * (all entries when `field` is null), except `except`, sorted. Reads two fields per entry and
 * validates nothing, so placing one card on a 10,000-card board costs microseconds per card, not
 * a schema parse of the whole board. An invalid entry may count as a neighbour; readers never
 * show it, and a key between neighbours stays valid either way.
 */
/** The key that puts an item after every sibling: one scan for the largest key, no sort. */
export function keyAfterSiblings(doc: Y.Doc, collection: Pick<EntryCollection, 'name'>, field: string | null, value: unknown): string {
  let last: string | null = null;
  for (const entry of entryMaps(doc, collection).values()) {
    if (!(entry instanceof Y.Map) || (field !== null && entry.get(field) !== value)) continue;
    const order = entry.get('order');
    if (typeof order === 'string' && isOrderKey(order) && (last === null || order > last)) last = order;
  }
  return generateKeyBetween(last, null);
}

export function siblingOrder(doc: Y.Doc, collection: Pick<EntryCollection, 'name'>, field: string | null, value: unknown, except?: string): { id: string; order: string }[] {
  const siblings: { id: string; order: string }[] = [];
  for (const [id, entry] of entryMaps(doc, collection)) {
    if (id === except || !(entry instanceof Y.Map)) continue;
    if (field !== null && entry.get(field) !== value) continue;
    const order = entry.get('order');
    siblings.push({ id, order: typeof order === 'string' ? order : '' });
  }
  return siblings.sort(byOrderThenId);
}

/** The document's schema version as stored (`meta.schemaVersion`), or `current` for a document not yet initialised. */
export function storedSchemaVersion(doc: Y.Doc, current: number): number {
  return Number(doc.getMap('meta').get('schemaVersion') ?? current);
}

/** Marks a new document with its schema version; true when it did (false: already initialised). Call inside a transaction. */
export function markSchemaVersion(doc: Y.Doc, version: number): boolean {
  const meta = doc.getMap('meta');
  if (meta.get('schemaVersion') !== undefined) return false;
  meta.set('schemaVersion', version);
  return true;
}
