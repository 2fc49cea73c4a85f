import * as Y from 'yjs';
import { entryMaps, toYMap } from '../entries.js';
import type { DocumentModel } from '../model.js';

export interface RestoreSummary {
  added: number;
  changed: number;
  removed: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Makes `doc`'s entries what they were in `past`, as ordinary edits of `doc` (call inside one
 * transaction): entries the past did not have are removed, ones it had are put back, and fields
 * that differ are set, one Yjs key at a time. Nothing is rewritten: the restore is a new change
 * on top of the history, it merges with concurrent edits like any other, and it can itself be
 * undone by restoring the version saved just before it. Roots the model does not know are left
 * to the server's repair. Pure: no I/O.
 */
export function restoreEntries(doc: Y.Doc, past: Y.Doc, model: DocumentModel): RestoreSummary {
  const summary: RestoreSummary = { added: 0, changed: 0, removed: 0 };
  for (const collection of model.collections) {
    const now = entryMaps(doc, collection);
    const then = entryMaps(past, collection);
    for (const id of [...now.keys()]) {
      if (then.get(id) instanceof Y.Map) continue;
      now.delete(id);
      summary.removed++;
    }
    for (const [id, entry] of then) {
      if (!(entry instanceof Y.Map)) continue;
      const values = entry.toJSON() as Record<string, unknown>;
      const current = now.get(id);
      if (!(current instanceof Y.Map)) {
        now.set(id, toYMap(values));
        summary.added++;
        continue;
      }
      let touched = false;
      for (const key of [...current.keys()]) {
        if (key in values) continue;
        current.delete(key);
        touched = true;
      }
      for (const [key, value] of Object.entries(values)) {
        if (same(current.get(key), value)) continue;
        current.set(key, value);
        touched = true;
      }
      if (touched) summary.changed++;
    }
  }
  return summary;
}
