import * as Y from 'yjs';
import { entryMaps, toYMap } from './entries.js';
import type { DocumentModel, EntryCollection, TouchedEntries } from './model.js';
import { APPLY_REPAIRS, type RepairWrites } from './repair-writes.js';

/** Who wrote a transaction, as the server authenticated them. */
export interface Actor {
  /** What author fields hold for them: a user id, or `api-key:<id>`. */
  id: string;
  /** May change and remove anyone's entries (owners, admins, editors); commenters may not. */
  moderator: boolean;
  /**
   * A moderator restoring a past version: entries come back with the authors they had, so author
   * fields are taken as written (everything else is judged as for any moderator).
   */
  restoring?: boolean;
}

type Json = Record<string, unknown>;

/** The collections whose entries have owners, and the last accepted state of each of their entries. */
export class EntryMirror {
  private readonly entries = new Map<string, Map<string, Json>>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly model: DocumentModel,
  ) {
    for (const collection of guarded(model)) {
      const copies = new Map<string, Json>();
      for (const [id, entry] of entryMaps(doc, collection)) if (entry instanceof Y.Map) copies.set(id, entry.toJSON() as Json);
      this.entries.set(collection.name, copies);
    }
  }

  get(collection: string, id: string): Json | undefined {
    return this.entries.get(collection)?.get(id);
  }

  /** Takes the document's current state of what a transaction touched. */
  update(touched: TouchedEntries): void {
    for (const collection of guarded(this.model)) {
      const copies = this.entries.get(collection.name)!;
      const maps = entryMaps(this.doc, collection);
      for (const id of touched.get(collection.name) ?? []) {
        const entry = maps.get(id);
        if (entry instanceof Y.Map) copies.set(id, entry.toJSON() as Json);
        else copies.delete(id);
      }
    }
  }
}

function guarded(model: DocumentModel): EntryCollection[] {
  return model.collections.filter((collection) => collection.access !== undefined);
}

/**
 * Keeps entries with owners honest, whatever a client sends: a new entry's author is the writer
 * (stamped over whatever it claimed); someone else's entry is changed or removed only by a
 * moderator, except for its open fields (resolving a thread); a moderated collection is
 * written only by moderators; nobody rewrites who the author was. What breaks these is put back
 * as it was. Call inside the server's repair transaction, before the model's invariants (a thread
 * put back keeps its replies), or with a check's `writes` (see `RepairWrites`). Returns one reason
 * per entry fixed.
 */
export function repairAccess(doc: Y.Doc, model: DocumentModel, touched: TouchedEntries, actor: Actor, mirror: EntryMirror, writes: RepairWrites = APPLY_REPAIRS): string[] {
  const reasons: string[] = [];
  for (const collection of guarded(model)) {
    const access = collection.access!;
    const maps = entryMaps(doc, collection);
    for (const id of [...(touched.get(collection.name) ?? [])].sort()) {
      const label = `${collection.name}/${id}`;
      const before = mirror.get(collection.name, id);
      const current = maps.get(id);
      const entry = current instanceof Y.Map ? current : undefined;
      const owns = access.kind === 'authored' && before !== undefined && before[access.authorField] === actor.id;
      if (!before) {
        if (!entry) continue;
        if (access.kind === 'moderated' && !actor.moderator) {
          writes.aboutToChange();
          maps.delete(id);
          reasons.push(`${label}: only editors may add here; removed`);
        } else if (access.kind === 'authored' && !(actor.restoring && actor.moderator) && entry.get(access.authorField) !== actor.id) {
          writes.aboutToChange();
          entry.set(access.authorField, actor.id);
          reasons.push(`${label}: author set to the writer`);
        }
        continue;
      }
      if (!entry) {
        if (actor.moderator || owns) continue;
        writes.aboutToChange();
        maps.set(id, toYMap(structuredClone(before)));
        reasons.push(`${label}: only its author or an editor may remove it; put back`);
        continue;
      }
      const reverted = revertForbidden(entry, before, access, actor, owns, writes);
      if (reverted.length > 0) reasons.push(`${label}: ${reverted.join(', ')} put back (not the writer's to change)`);
    }
  }
  return reasons;
}

/** Puts back each changed field the actor may not change; returns their names. */
function revertForbidden(entry: Y.Map<unknown>, before: Json, access: NonNullable<EntryCollection['access']>, actor: Actor, owns: boolean, writes: RepairWrites): string[] {
  const reverted: string[] = [];
  const fields = new Set([...Object.keys(before), ...entry.keys()]);
  for (const field of [...fields].sort()) {
    const now = entry.get(field);
    if (JSON.stringify(now) === JSON.stringify(before[field])) continue;
    const open = access.kind === 'authored' && (access.openFields ?? []).includes(field);
    const authorField = access.kind === 'authored' && field === access.authorField;
    const allowed = (!authorField || (actor.restoring === true && actor.moderator)) && (actor.moderator || owns || open);
    if (allowed) {
      // A field that names who did something (resolvedBy) names the writer.
      if (access.kind === 'authored' && (access.actorFields ?? []).includes(field) && now !== null && now !== actor.id) {
        writes.aboutToChange();
        entry.set(field, actor.id);
      }
      continue;
    }
    writes.aboutToChange();
    if (before[field] === undefined) entry.delete(field);
    else entry.set(field, structuredClone(before[field]));
    reverted.push(field);
  }
  return reverted;
}
