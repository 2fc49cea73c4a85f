import type { Database, Queryable } from '../platform/db/database.js';
import { documentMark, loadDocument } from './document-log.js';
import { collectGarbage, collectGarbageComparing } from './garbage-collection.js';
import { type VersionKind, type VersionSummary, insertVersion, latestVersion } from './document-versions.js';

/**
 * A document's committed state as one update, deleted content dropped (a version keeps what it
 * shows, not its history). Folded on the garbage collection thread: a busy document is
 * checkpointed every few hundred updates, and replaying its log would hold up the event loop.
 */
export async function committedState(db: Queryable, name: string): Promise<Uint8Array> {
  return (await collectGarbage((await loadDocument(db, name)).updates)).state;
}

/**
 * Saves the document's committed state as a version. An automatic checkpoint identical to the
 * latest version is skipped (null): a quiet spell after nothing changed saves nothing. So is one
 * whose document was reset (an erasure) after its log was read: the state read may hold what the
 * reset removed, and the reset, which rewrites every version it finds, did not find this one.
 */
export async function saveVersion(db: Database, name: string, version: { kind: VersionKind; label: string | null; createdBy: string }): Promise<VersionSummary | null> {
  const { epoch } = await documentMark(db, name);
  const latest = version.kind === 'auto' ? await latestVersion(db, name) : null;
  let state: Uint8Array;
  if (latest) {
    const folded = await collectGarbageComparing((await loadDocument(db, name)).updates, latest.state);
    if (folded.sameAsPrevious) return null;
    state = folded.state;
  } else {
    state = await committedState(db, name);
  }
  // A reset holds the document's row while it rewrites it: this waits for one under way, then sees its epoch.
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ epoch: number }>('SELECT epoch FROM documents WHERE name = $1 FOR SHARE', [name]);
    if (rows[0] === undefined || Number(rows[0].epoch) !== epoch) return null;
    return insertVersion(tx, { documentName: name, kind: version.kind, label: version.label, state, createdBy: version.createdBy });
  });
}
