import * as Y from 'yjs';
import { parseDocumentName } from '../../documents/document-name.js';
import { rootNames } from '../../documents/model.js';
import { modelFor } from '../../documents/models.js';
import { type Replacements, clientIdsOf, rebuildWithoutHistory } from '../../documents/rebuild-without-history.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { loadDocument } from '../../storage/document-log.js';
import { ERASED_USER, type Person } from '../../storage/erase-person.js';
import { committedVersion, loadCheckpoints, lockDocumentLog, lockDocumentRow, replaceCheckpointState, writeResetState } from '../../storage/document-reset.js';

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

/** The document's current content, rebuilt without history and without the person (see `rebuildWithoutHistory`). */
async function rebuiltState(tx: Queryable, name: string, roots: ReadonlySet<string>, replacements: Replacements): Promise<{ state: Uint8Array; retired: number[]; writer: number }> {
  const old = decode((await loadDocument(tx, name)).updates);
  const fresh = rebuildWithoutHistory(old, roots, replacements);
  const rebuilt = { state: Y.encodeStateAsUpdate(fresh), retired: clientIdsOf(old), writer: fresh.clientID };
  old.destroy();
  fresh.destroy();
  return rebuilt;
}

/**
 * Rewrites one stored document without the person and without its history, in one transaction:
 * its current content rebuilt from scratch (new structure ids) with what names them replaced,
 * written as the only snapshot (the update log deleted), each history checkpoint rebuilt the same
 * way, the old client ids retired, the epoch bumped. The document must not be loaded on this
 * instance meanwhile (the collab host unloads it and holds its loads until this returns); another
 * instance may still commit to it until it finds the reset. The rebuilding is done before the
 * document's row is locked, so that those commits (and every other document's in their batch)
 * wait only for the writing; one that landed meanwhile makes it rebuild again, under the lock.
 */
export async function resetDocumentHistory(db: Database, name: string, person: Person): Promise<{ epoch: number; retired: number }> {
  const parsed = parseDocumentName(name);
  if (!parsed.ok) throw new Error(`not a document name: ${name}`);
  const roots = rootNames(modelFor(parsed.value.kind));
  const replacements = replacementsFor(person);
  return db.transaction(async (tx) => {
    await lockDocumentLog(tx, name);
    // Read before the log: a commit after it changes it, and the rebuild is done again.
    const read = await committedVersion(tx, name);
    let rebuilt = await rebuiltState(tx, name, roots, replacements);
    const done = new Set<string>();
    const rebuildCheckpoints = async () => {
      for (const checkpoint of await loadCheckpoints(tx, name)) {
        if (done.has(checkpoint.id)) continue;
        const past = decode([new Uint8Array(checkpoint.state)]);
        const cleaned = rebuildWithoutHistory(past, roots, replacements);
        await replaceCheckpointState(tx, checkpoint.id, Y.encodeStateAsUpdate(cleaned));
        past.destroy();
        cleaned.destroy();
        done.add(checkpoint.id);
      }
    };
    await rebuildCheckpoints();
    if ((await lockDocumentRow(tx, name)) !== read) rebuilt = await rebuiltState(tx, name, roots, replacements);
    // A checkpoint saved before the lock and after the first list.
    await rebuildCheckpoints();
    const epoch = await writeResetState(tx, name, rebuilt);
    return { epoch, retired: rebuilt.retired.length };
  });
}
