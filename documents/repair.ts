import * as Y from 'yjs';
import { z } from 'zod';
import { type DocumentModel, type EntryCollection, META_ROOT as META } from './model.js';
import { APPLY_REPAIRS, type RepairWrites } from './repair-writes.js';

/** What one transaction wrote, in the model's terms. */
export interface Touched {
  /** Collection name → ids of entries added, changed or removed. */
  entries: Map<string, Set<string>>;
  /**
   * Collection name → entry id → the fields an entry kept while they changed; null when the entry
   * itself was added, replaced or removed, or changed below a field. Only these need checking: what
   * else the entry holds was checked when it was written.
   */
  fields: Map<string, Map<string, Set<string> | null>>;
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

/**
 * The root a type hangs from and, when it is a collection's entry (or inside one), that entry's
 * key; `isEntry` when the type is the entry itself rather than something inside it.
 */
function locate(type: SharedType): { root: SharedType; entryKey: string | null; isEntry: boolean } {
  let current = type;
  let entryKey: string | null = null;
  let depth = 0;
  while (current._item) {
    entryKey = current._item.parentSub;
    current = current._item.parent as SharedType;
    depth++;
  }
  return { root: current, entryKey: type === current ? null : entryKey, isEntry: depth === 1 };
}

/** Notes changed fields of an entry (null: the whole entry), a whole entry staying whole. */
function noteFields(touched: Touched, collection: string, id: string, fields: Iterable<string | null> | null): void {
  let entries = touched.fields.get(collection);
  if (!entries) touched.fields.set(collection, (entries = new Map()));
  const known = entries.get(id);
  if (known === null) return;
  if (fields === null) return void entries.set(id, null);
  const set = known ?? new Set<string>();
  for (const field of fields) {
    // Content added to the entry as a list, not under a key: the whole entry is checked.
    if (field === null) return void entries.set(id, null);
    set.add(field);
  }
  entries.set(id, set);
}

/** Reads a transaction's changed types (Yjs records them per type) as touched entries. */
export function touchedBy(transaction: Y.Transaction, model: DocumentModel): Touched {
  // Enforcement and the log both ask, once the transaction is over and its changes are final.
  const known = readings.get(transaction);
  if (known?.model === model) return known.touched;
  const touched = readTouched(transaction, model);
  readings.set(transaction, { model, touched });
  return touched;
}

const readings = new WeakMap<Y.Transaction, { model: DocumentModel; touched: Touched }>();

/** Each model's collection names, worked out once (every transaction asks). */
const collectionNames = new WeakMap<DocumentModel, ReadonlySet<string>>();

function readTouched(transaction: Y.Transaction, model: DocumentModel): Touched {
  let collections = collectionNames.get(model);
  if (!collections) collectionNames.set(model, (collections = new Set(model.collections.map((collection) => collection.name))));
  const touched: Touched = { entries: new Map(), fields: new Map(), unknownRoots: new Set(), listContent: new Set(), meta: false };
  for (const [type, keys] of transaction.changed) {
    const { root, entryKey, isEntry } = locate(type);
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
        else {
          ids.add(key);
          noteFields(touched, name, key, null);
        }
      }
    } else if (entryKey !== null) {
      ids.add(entryKey);
      noteFields(touched, name, entryKey, isEntry ? keys : null);
    }
    touched.entries.set(name, ids);
  }
  return touched;
}

/** Deletes everything a root type holds, whatever kind of content a client put there; false when it held nothing. */
function clearRoot(doc: Y.Doc, type: SharedType, listOnly: boolean, writes: RepairWrites): boolean {
  const live: Y.Item[] = [];
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) live.push(item);
  if (!listOnly) for (const item of type._map.values()) if (!item.deleted) live.push(item);
  if (live.length === 0) return false;
  writes.aboutToChange();
  // Inside the repair's transaction this is that transaction.
  doc.transact((transaction) => live.forEach((item) => item.delete(transaction)));
  return true;
}

/** `fields`: those that changed in an entry that was valid before; null: check the whole entry. */
function repairEntry(entries: Y.Map<unknown>, id: string, collection: EntryCollection, fields: ReadonlySet<string> | null, writes: RepairWrites): string | undefined {
  const value = entries.get(id);
  if (value === undefined) return undefined;
  const label = `${collection.name}/${id}`;
  const shape = collection.schema.shape;
  const idField = shape.id;
  if (!(value instanceof Y.Map) || (fields === null && idField && !z.safeParse(idField, id).success)) {
    writes.aboutToChange();
    entries.delete(id);
    return `${label}: removed (not a valid entry)`;
  }
  const entry = value as Y.Map<unknown>;
  const fixed: string[] = [];
  for (const key of fields ?? [...entry.keys()]) {
    // Own keys only: "constructor" or "toString" are not fields, whatever an object inherits.
    if (!Object.hasOwn(shape, key) && entry.has(key)) {
      writes.aboutToChange();
      entry.delete(key);
      fixed.push(`unknown field "${key}" removed`);
    }
  }
  for (const field of fields ?? Object.keys(shape)) {
    if (!Object.hasOwn(shape, field)) continue;
    const schema = shape[field]!;
    if (field === 'id') {
      if (entry.get('id') !== id) {
        writes.aboutToChange();
        entry.set('id', id);
        fixed.push('id set to its key');
      }
      continue;
    }
    if (z.safeParse(schema, entry.get(field)).success) continue;
    writes.aboutToChange();
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
    // Only reached after a fix, which was announced.
    entries.delete(id);
    return `${label}: removed (still invalid after repair)`;
  }
  return `${label}: ${fixed.join(', ')}`;
}

function repairMeta(doc: Y.Doc, model: DocumentModel, writes: RepairWrites): string[] {
  const meta = doc.getMap<unknown>(META);
  const reasons: string[] = [];
  for (const key of [...meta.keys()]) {
    if (key !== 'schemaVersion') {
      writes.aboutToChange();
      meta.delete(key);
      reasons.push(`meta: unknown field "${key}" removed`);
    }
  }
  const version = meta.get('schemaVersion');
  if (version !== undefined && version !== model.schemaVersion) {
    writes.aboutToChange();
    meta.set('schemaVersion', model.schemaVersion);
    reasons.push(`meta: schemaVersion reset to ${model.schemaVersion}`);
  }
  return reasons;
}

/**
 * Brings what a transaction touched back within the model: unknown roots emptied, invalid
 * fields reset to their defaults, entries that cannot be repaired removed, then the model's
 * cross-entry invariants. Deterministic and idempotent; call it inside a transaction (the
 * server does, with its own origin, so every client receives the repair as one update), or
 * with a check's `writes` first to learn whether it would change anything (`checkRepair`).
 * Returns one reason per fix; empty when the document was valid.
 */
export function repairDocument(doc: Y.Doc, model: DocumentModel, touched: Touched, writes: RepairWrites = APPLY_REPAIRS): string[] {
  const reasons: string[] = [];
  for (const name of [...touched.unknownRoots].sort()) {
    const root = doc.share.get(name);
    if (root && clearRoot(doc, root, false, writes)) reasons.push(`"${name}" is not part of a ${model.kind} document: cleared`);
  }
  for (const name of [...touched.listContent].sort()) {
    const root = doc.share.get(name);
    if (root && clearRoot(doc, root, true, writes)) reasons.push(`"${name}" holds entries by id, not a list: list content removed`);
  }
  if (touched.meta) reasons.push(...repairMeta(doc, model, writes));
  for (const collection of model.collections) {
    const ids = touched.entries.get(collection.name);
    if (!ids) continue;
    const entries = doc.getMap<unknown>(collection.name);
    const fields = touched.fields.get(collection.name);
    for (const id of [...ids].sort()) {
      const reason = repairEntry(entries, id, collection, fields?.get(id) ?? null, writes);
      if (reason) reasons.push(reason);
    }
  }
  if (model.repairInvariants) reasons.push(...model.repairInvariants(doc, touched.entries, writes));
  return reasons;
}
