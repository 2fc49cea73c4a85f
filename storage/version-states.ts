import * as Y from 'yjs';
import type { Queryable } from '../platform/db/database.js';
import { loadDocument } from './document-log.js';
import { collectGarbage } from './garbage-collection.js';
import { type VersionKind, type VersionSummary, insertVersion, latestVersion } from './document-versions.js';

/**
 * A document's committed state as one update, deleted content dropped (a version keeps what it
 * shows, not its history). Folded on the garbage collection thread: a busy document is
 * checkpointed every few hundred updates, and replaying its log would hold up the event loop.
 */
export async function committedState(db: Queryable, name: string): Promise<Uint8Array> {
  return (await collectGarbage((await loadDocument(db, name)).updates)).state;
}

/** Whether two states hold the same content (same clocks and deletions). */
function sameState(a: Uint8Array, b: Uint8Array): boolean {
  const [x, y] = [new Y.Doc(), new Y.Doc()];
  try {
    Y.applyUpdate(x, a);
    Y.applyUpdate(y, b);
    return Y.equalSnapshots(Y.snapshot(x), Y.snapshot(y));
  } finally {
    x.destroy();
    y.destroy();
  }
}

/**
 * Saves the document's committed state as a version. An automatic checkpoint identical to the
 * latest version is skipped (null): a quiet spell after nothing changed saves nothing.
 */
export async function saveVersion(db: Queryable, name: string, version: { kind: VersionKind; label: string | null; createdBy: string }): Promise<VersionSummary | null> {
  const state = await committedState(db, name);
  if (version.kind === 'auto') {
    const latest = await latestVersion(db, name);
    if (latest && sameState(latest.state, state)) return null;
  }
  return insertVersion(db, { documentName: name, kind: version.kind, label: version.label, state, createdBy: version.createdBy });
}
