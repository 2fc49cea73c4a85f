import type * as Y from 'yjs';
import { entryMaps } from './entries.js';
import type { EntryCollection, TouchedEntries } from './model.js';
import { APPLY_REPAIRS, type RepairWrites } from './repair-writes.js';

/**
 * Removes entries of `children` whose `key` names no entry of `parents` (a comment whose card
 * is gone, a reply whose thread is gone). Only what could have changed is checked: the touched
 * children, or all of them when a touched parent no longer exists. Returns the ids removed.
 */
export function removeOrphans(doc: Y.Doc, touched: TouchedEntries, relation: { children: EntryCollection; parents: EntryCollection; key: string }, writes: RepairWrites = APPLY_REPAIRS): string[] {
  const parents = entryMaps(doc, relation.parents);
  const children = entryMaps(doc, relation.children);
  const parentRemoved = [...(touched.get(relation.parents.name) ?? [])].some((id) => !parents.has(id));
  const suspects = parentRemoved ? [...children.keys()] : [...(touched.get(relation.children.name) ?? [])];
  const orphans = suspects
    .filter((id) => {
      const parentId = children.get(id)?.get(relation.key);
      return children.has(id) && (typeof parentId !== 'string' || !parents.has(parentId));
    })
    .sort();
  if (orphans.length > 0) writes.aboutToChange();
  for (const id of orphans) children.delete(id);
  return orphans;
}
