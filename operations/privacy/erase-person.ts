import { recordAudit } from '../../identity/audit.js';
import type { AccessEvents } from '../../identity/membership-events.js';
import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { type LockedOut, type Person, erasePersonRows, findPerson, lockOutPerson, projectsOnlyOwnedBy } from '../../storage/erase-person.js';
import { countDocumentReset, failErasure, finishErasure, startErasure } from '../../storage/erasures.js';
import { documentsNaming } from '../../storage/document-reset.js';

/** Rewrites one document without the person (its history gone), then lets its clients reload it. */
export type ResetDocument = (name: string, person: Person) => Promise<void>;

export interface EraseDeps {
  db: Database;
  logger: Logger;
  /** Live sockets of their sessions and memberships are closed through these (absent: no live sockets in this process). */
  events: AccessEvents | null;
  /** Where their export archives are (absent: none to delete here). */
  blobs: BlobStore | null;
  resetDocument: ResetDocument;
}

export type EraseOutcome = 'erased' | 'finished-already' | 'last-owner';

/**
 * Runs one erasure: every document that names the person is reset (one transaction each, while
 * their row still says who they were), then their account and rows go in one transaction, which
 * also marks the erasure done. Safe to run twice: a finished erasure is left alone; an interrupted
 * one starts again (documents already reset are reset again, which is harmless).
 */
export async function erasePerson(deps: EraseDeps, erasureId: string): Promise<EraseOutcome> {
  const started = await startErasure(deps.db, erasureId);
  if (!started) return 'finished-already';
  const person = await findPerson(deps.db, started.userId);
  if (!person) return 'finished-already';
  // Checked when it was asked for; another owner may have left since. Nothing is touched then.
  const owned = await projectsOnlyOwnedBy(deps.db, person.id);
  if (owned.length > 0) {
    await failErasure(deps.db, erasureId, `Refused: they became the last owner of ${owned.length} project(s) meanwhile. Move ownership, then ask again.`);
    return 'last-owner';
  }
  // Locked out first: nothing of theirs may write into a document between its reset and the end.
  tellLockedOut(deps, person.id, await deps.db.transaction((tx) => lockOutPerson(tx, person.id)));
  const names = await documentsNaming(deps.db, person);
  for (const name of names) {
    await deps.resetDocument(name, person);
    await countDocumentReset(deps.db, erasureId);
  }
  const account = await deps.db.transaction(async (tx) => {
    const erased = await erasePersonRows(tx, person);
    await recordAudit(tx, { action: 'privacy.erased', target: `erasure:${erasureId}`, details: { documentsReset: names.length } });
    await finishErasure(tx, erasureId);
    return erased;
  });
  for (const key of account.exportKeys) {
    try {
      await deps.blobs?.delete(key);
    } catch (error) {
      // The row is gone: the archive is unreachable by link; the export sweep cannot find it again, so say so loudly.
      deps.logger.error({ err: error, erasureId }, 'could not delete an erased person’s export archive');
    }
  }
  deps.logger.info({ erasureId, documents: names.length }, 'person erased');
  return 'erased';
}

/** After the lock-out commits, so sockets that re-check find their sessions, memberships and keys gone. */
function tellLockedOut(deps: EraseDeps, userId: string, locked: LockedOut): void {
  for (const sessionId of locked.sessionIds) deps.events?.emit({ type: 'sessionEnded', projectId: null, userId, sessionId });
  for (const projectId of locked.projectIds) deps.events?.emit({ type: 'member', projectId, userId, role: null });
  for (const key of locked.apiKeys) deps.events?.emit({ type: 'apiKeyRevoked', projectId: key.projectId, apiKeyId: key.id });
}
