import * as Y from 'yjs';
import { z } from 'zod';
import { type DocumentModel, type EntryCollection, META_ROOT as META } from './model.js';

/** What one transaction wrote, in the model's terms. */
export interface Touched {
  /** Collection name → ids of entries added, changed or removed. */
  entries: Map<string, Set<string>>;
  /** Root types the transaction changed that the model does not define. */
  unknownRoots: Set<string>;
  /** Known roots that received list content (a map root only holds keys). */
  listContent: Set<string>;
  meta: boolean;
}

/** A root or nested shared type, as Yjs stores them in `doc.share`. */
type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never;

function rootName(doc: Y.Doc, type: SharedType): string | undefined {
  for (const [name, root] of doc.share) if (root === type) return name;
  return undefined;
}

/** The root a type hangs from and, when it is a collection's entry (or inside one), that entry's key. */
function locate(type: SharedType): { root: SharedType; entryKey: string | null } {
  let current = type;
  let entryKey: string | null = null;
  while (current._item) {
    entryKey = current._item.parentSub;
    current = current._item.parent as SharedType;
  }
  return { root: current, entryKey: type === current ? null : entryKey };
}

/** Reads a transaction's changed types (Yjs records them per type) as touched entries. */
export function touchedBy(transaction: Y.Transaction, model: DocumentModel): Touched {
  const collections = new Set(model.collections.map((collection) => collection.name));
  const touched: Touched = { entries: new Map(), unknownRoots: new Set(), listContent: new Set(), meta: false };
  for (const [type, keys] of transaction.changed) {
    const { root, entryKey } = locate(type);
    const name = rootName(transaction.doc, root);
    if (name === undefined) continue;
    if (name === META) {
      touched.meta = true;
      if (type === root && keys.has(null)) touched.listContent.add(name);
      continue;
    }
    if (!collections.has(name)) {
      touched.unknownRoots.add(name);
      continue;
    }
    const ids = touched.entries.get(name) ?? new Set<string>();
    if (type === root) {
      for (const key of keys) {
        if (key === null) touched.listContent.add(name);
        else ids.add(key);
      }
    } else if (entryKey !== null) {
      ids.add(entryKey);
    }
    touched.entries.set(name, ids);
  }
  return touched;
}

/** Deletes everything a root type holds, whatever kind of content a client put there. */
function clearRoot(transaction: Y.Transaction, type: SharedType, listOnly: boolean): void {
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) item.delete(transaction);
  if (listOnly) return;
  for (const item of type._map.values()) if (!item.deleted) item.delete(transaction);
}

function repairEntry(entries: Y.Map<unknown>, id: string, collection: EntryCollection): string | undefined {
  const value = entries.get(id);
  if (value === undefined) return undefined;
  const label = `${collection.name}/${id}`;
  const idField = collection.schema.shape.id;
  if (!(value instanceof Y.Map) || (idField && !z.safeParse(idField, id).success)) {
    entries.delete(id);
    return `${label}: removed (not a valid entry)`;
  }
  const entry = value as Y.Map<unknown>;
  const fixed: string[] = [];
  for (const key of [...entry.keys()]) {
    if (!(key in collection.schema.shape)) {
      entry.delete(key);
      fixed.push(`unknown field "${key}" removed`);
    }
  }
  for (const [field, schema] of Object.entries(collection.schema.shape)) {
    if (field === 'id') {
      if (entry.get('id') !== id) {
        entry.set('id', id);
        fixed.push('id set to its key');
      }
      continue;
    }
    if (z.safeParse(schema, entry.get(field)).success) continue;
    if (!(field in collection.defaults)) {
      entries.delete(id);
      return `${label}: removed (invalid "${field}" has no default)`;
    }
    entry.set(field, structuredClone(collection.defaults[field]));
    fixed.push(`invalid "${field}" reset`);
  }
  if (fixed.length === 0) return undefined;
  // Field checks passed one by one; the whole entry must pass too (strictness, cross-field rules in the schema).
  if (!collection.schema.safeParse(entry.toJSON()).success) {
    entries.delete(id);
    return `${label}: removed (still invalid after repair)`;
  }
  return `${label}: ${fixed.join(', ')}`;
}

function repairMeta(doc: Y.Doc, model: DocumentModel): string[] {
  const meta = doc.getMap<unknown>(META);
  const reasons: string[] = [];
  for (const key of [...meta.keys()]) {
    if (key !== 'schemaVersion') {
      meta.delete(key);
      reasons.push(`meta: unknown field "${key}" removed`);
    }
  }
  const version = meta.get('schemaVersion');
  if (version !== undefined && version !== model.schemaVersion) {
    meta.set('schemaVersion', model.schemaVersion);
    reasons.push(`meta: schemaVersion reset to ${model.schemaVersion}`);
  }
  return reasons;
}

/**
 * Brings what a transaction touched back within the model: unknown roots emptied, invalid
 * fields reset to their defaults, entries that cannot be repaired removed, then the model's
 * cross-entry invariants. Deterministic and idempotent; call it inside a transaction (the
 * server does, with its own origin, so every client receives the repair as one update).
 * Returns one reason per fix; empty when the document was valid.
 */
export function repairDocument(transaction: Y.Transaction, model: DocumentModel, touched: Touched): string[] {
  const doc = transaction.doc;
  const reasons: string[] = [];
  for (const name of [...touched.unknownRoots].sort()) {
    const root = doc.share.get(name);
    if (!root) continue;
    clearRoot(transaction, root, false);
    reasons.push(`"${name}" is not part of a ${model.kind} document: cleared`);
  }
  for (const name of [...touched.listContent].sort()) {
    const root = doc.share.get(name);
    if (!root) continue;
    clearRoot(transaction, root, true);
    reasons.push(`"${name}" holds entries by id, not a list: list content removed`);
  }
  if (touched.meta) reasons.push(...repairMeta(doc, model));
  for (const collection of model.collections) {
    const ids = touched.entries.get(collection.name);
    if (!ids) continue;
    const entries = doc.getMap<unknown>(collection.name);
    for (const id of [...ids].sort()) {
      const reason = repairEntry(entries, id, collection);
      if (reason) reasons.push(reason);
    }
  }
  if (model.repairInvariants) reasons.push(...model.repairInvariants(doc, touched.entries));
  return reasons;
}
