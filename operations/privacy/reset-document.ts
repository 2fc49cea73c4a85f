import * as Y from 'yjs';
import { parseDocumentName } from '../../documents/document-name.js';
import { rootNames } from '../../documents/model.js';
import { modelFor } from '../../documents/models.js';
import { type Replacements, clientIdsOf, rebuildWithoutHistory } from '../../documents/rebuild-without-history.js';
import type { Database } from '../../platform/db/database.js';
import { loadDocument } from '../../storage/document-log.js';
import { ERASED_USER, type Person } from '../../storage/erase-person.js';
import { loadCheckpoints, lockDocumentLog, replaceCheckpointState, writeResetState } from '../../storage/document-reset.js';

/** What naming the person becomes in a document: their ids, their name as a whole value, their email anywhere. */
export function replacementsFor(person: Person): Replacements {
  const whole = new Map<string, string>([[`user:${person.id}`, `user:${ERASED_USER.id}`]]);
  if (person.name.trim().length >= 2) whole.set(person.name, ERASED_USER.name);
  return { whole, within: [[person.id, ERASED_USER.id], [person.email, ERASED_USER.email]] };
}

function decode(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/**
 * Rewrites one stored document without the person and without its history, in one transaction:
 * its current content rebuilt from scratch (new structure ids) with what names them replaced,
 * written as the only snapshot (the update log deleted), each history checkpoint rebuilt the same
 * way, the old client ids retired, the epoch bumped. The document must not be loaded anywhere
 * meanwhile (the collab host unloads it and holds its loads until this returns).
 */
export async function resetDocumentHistory(db: Database, name: string, person: Person): Promise<{ epoch: number; retired: number }> {
  const parsed = parseDocumentName(name);
  if (!parsed.ok) throw new Error(`not a document name: ${name}`);
  const roots = rootNames(modelFor(parsed.value.kind));
  const replacements = replacementsFor(person);
  return db.transaction(async (tx) => {
    await lockDocumentLog(tx, name);
    const old = decode((await loadDocument(tx, name)).updates);
    const fresh = rebuildWithoutHistory(old, roots, replacements);
    const retired = clientIdsOf(old);
    const state = Y.encodeStateAsUpdate(fresh);
    const writer = fresh.clientID;
    old.destroy();
    fresh.destroy();
    for (const checkpoint of await loadCheckpoints(tx, name)) {
      const past = decode([new Uint8Array(checkpoint.state)]);
      const rebuilt = rebuildWithoutHistory(past, roots, replacements);
      await replaceCheckpointState(tx, checkpoint.id, Y.encodeStateAsUpdate(rebuilt));
      past.destroy();
      rebuilt.destroy();
    }
    const epoch = await writeResetState(tx, name, { state, retired, writer });
    return { epoch, retired: retired.length };
  });
}
