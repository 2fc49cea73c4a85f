import type { Queryable } from '../platform/db/database.js';
import { loadDocument } from './document-log.js';
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
 * latest version is skipped (null): a quiet spell after nothing changed saves nothing.
 */
export async function saveVersion(db: Queryable, name: string, version: { kind: VersionKind; label: string | null; createdBy: string }): Promise<VersionSummary | null> {
  const latest = version.kind === 'auto' ? await latestVersion(db, name) : null;
  let state: Uint8Array;
  if (latest) {
    const folded = await collectGarbageComparing((await loadDocument(db, name)).updates, latest.state);
    if (folded.sameAsPrevious) return null;
    state = folded.state;
  } else {
    state = await committedState(db, name);
  }
  return insertVersion(db, { documentName: name, kind: version.kind, label: version.label, state, createdBy: version.createdBy });
}
