import * as Y from 'yjs';
import type { z } from 'zod';
import { entryMaps } from './entries.js';
import type { DocumentModel, EntryCollection, TouchedEntries } from './model.js';
import { type EntryChange, projectEntry } from './projection.js';
import { type Touched, touchedBy } from './repair.js';

interface Projected {
  /** The entry as readers saw it when last projected (read-only: it is handed out as is). */
  data: Record<string, unknown>;
  /** Its fields written since then, by any transaction. */
  stale: Set<string>;
}

/**
 * The projection of one loaded document's entries, kept up to date field by field.
 *
 * Every logged update projects the entries it touched, and a full projection (the entry's JSON,
 * then its whole strict schema) was the server's costliest step of its own on a busy board. Most
 * updates change one field of a card; here an entry projected before is projected again from
 * that projection plus its fields written since, each parsed on its own. Every transaction on
 * the document marks what it wrote (loads, relayed updates, repairs and server edits included),
 * so a projection is always of the document as it is now, exactly as `projectEntry` would see
 * it. Anything else (a new, replaced or removed entry, a change below a field, a field the schema
 * does not know, a value that does not parse, a schema with checks of the whole object) takes
 * the full projection.
 */
export class EntryProjections {
  /** Keyed by the entry's own map: a replaced entry is a new map, and starts afresh. */
  private readonly projected = new WeakMap<Y.Map<unknown>, Projected>();
  private readonly incremental: ReadonlySet<EntryCollection>;

  constructor(
    private readonly doc: Y.Doc,
    private readonly model: DocumentModel,
  ) {
    this.incremental = new Set(model.collections.filter((collection) => (collection.schema._zod.def.checks ?? []).length === 0));
    // Listens for as long as the document lives (destroying a Y.Doc drops its listeners).
    doc.on('afterTransaction', (transaction: Y.Transaction) => this.mark(transaction));
  }

  /**
   * The projected state of what a transaction touched, as `projectEntry` sees each entry now,
   * with the fields it wrote where it wrote only fields (`fields`: the transaction's `Touched`).
   */
  changesOf(touched: TouchedEntries, fields?: Touched['fields']): EntryChange[] {
    const changes: EntryChange[] = [];
    for (const collection of this.model.collections) {
      const ids = touched.get(collection.name);
      if (!ids || ids.size === 0) continue;
      const maps = entryMaps(this.doc, collection);
      // Fields stand alone only where the schema has no checks of the whole entry.
      const writes = this.incremental.has(collection) ? fields?.get(collection.name) : undefined;
      for (const id of ids) {
        const data = this.project(collection, maps.get(id));
        const written = writes?.get(id);
        // Only the schema's fields are projected: a written key it does not know is not in `data`.
        const change: EntryChange = { collection: collection.name, id, data };
        if (written && data) change.written = [...written].filter((field) => Object.hasOwn(collection.schema.shape, field));
        changes.push(change);
      }
    }
    return changes;
  }

  private project(collection: EntryCollection, value: unknown): Record<string, unknown> | null {
    if (!(value instanceof Y.Map)) return null;
    const known = this.projected.get(value);
    if (!known) return this.full(collection, value);
    if (known.stale.size === 0) return known.data;
    const shape = collection.schema.shape;
    const data = { ...known.data };
    for (const field of known.stale) {
      const present = value.has(field);
      if (!Object.hasOwn(shape, field)) {
        if (present) return this.full(collection, value);
        continue;
      }
      // What the whole entry's parse would be given for this field: its value, else its default.
      const defaulted = !present && Object.hasOwn(collection.defaults, field);
      const parsed = (shape[field] as z.ZodType).safeParse(present ? jsonOf(value.get(field)) : defaulted ? collection.defaults[field] : undefined);
      if (!parsed.success) return this.full(collection, value);
      if (!present && !defaulted && parsed.data === undefined) delete data[field];
      else data[field] = parsed.data;
    }
    known.data = data;
    known.stale.clear();
    return data;
  }

  private full(collection: EntryCollection, value: Y.Map<unknown>): Record<string, unknown> | null {
    const data = projectEntry(collection, value);
    if (data && this.incremental.has(collection)) this.projected.set(value, { data, stale: new Set() });
    else this.projected.delete(value);
    return data;
  }

  private mark(transaction: Y.Transaction): void {
    // Enforcement opens a transaction after every checked one, and most write nothing.
    if (transaction.changed.size === 0) return;
    for (const [name, entries] of touchedBy(transaction, this.model).fields) {
      let maps: Y.Map<Y.Map<unknown>> | undefined;
      for (const [id, fields] of entries) {
        maps ??= entryMaps(this.doc, { name });
        const value = maps.get(id);
        if (!(value instanceof Y.Map)) continue;
        const known = this.projected.get(value);
        if (!known) continue;
        if (fields === null) this.projected.delete(value);
        else for (const field of fields) known.stale.add(field);
      }
    }
  }
}

function jsonOf(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.toJSON() : value;
}
