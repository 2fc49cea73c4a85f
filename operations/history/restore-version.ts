import * as Y from 'yjs';
import { type RestoreSummary, restoreEntries } from '../../documents/history/restore.js';
import { modelFor } from '../../documents/models.js';
import { recordAudit } from '../../identity/audit.js';
import { getVersion } from '../../storage/document-versions.js';
import { saveVersion } from '../../storage/version-states.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { DocumentTarget } from '../documents/registered-document.js';
import { type Outcome, fail, fromDocumentError, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { actorKeyOf, historyOf } from './history-access.js';

/**
 * Brings a document back to a past version as a new change: the current state is saved first (a
 * `before-restore` version, so the restore can itself be undone), then one live edit makes every
 * entry what it was. Connected clients receive it like any edit and stay connected; nothing in
 * the update log is rewritten. Entries keep the authors they had in that version.
 */
export async function restoreVersion(deps: OperationDeps, caller: Caller, input: DocumentTarget & AuditOrigin & { versionId: string }): Promise<Outcome<RestoreSummary & { restored: string; savedBefore: string | null }>> {
  const access = await historyOf(deps, caller, input, 'restore');
  if (!access.ok) return access;
  const { document, editor } = access.value;
  const version = await getVersion(deps.db, document.name, input.versionId);
  if (!version) return fail('NOT_FOUND', 'No such version of this document.');
  await deps.live.settle();
  // Undoing a restore restores a before-restore version: name it as that, not as a nest of quotes.
  const what = version.kind === 'before-restore' ? 'the state before an earlier restore' : version.label ? `“${version.label}”` : `the version of ${version.createdAt.toISOString()}`;
  const before = await saveVersion(deps.db, document.name, { kind: 'before-restore', label: `Before restoring ${what}`, createdBy: actorKeyOf(caller.principal) });
  // Only a reset under way (an erasure) keeps it from being saved: no restore without its way back.
  if (!before) return fail('DOCUMENT_RESET', 'The document was reset (an account erasure) just now; nothing was restored. Try again.');
  const past = new Y.Doc();
  try {
    Y.applyUpdate(past, version.state);
    const model = modelFor(document.kind);
    const result = await deps.live.edit(document.name, { ...editor, restoring: true }, (doc) => restoreEntries(doc, past, model));
    if (!result.ok) return result.error === 'document-too-large' ? fail('DOCUMENT_TOO_LARGE', 'The document is at its size limit.') : { ok: false, error: fromDocumentError(result.error) };
    await recordAudit(deps.db, { action: 'document.version_restored', projectId: document.projectId, ...auditActorOf(caller.principal), target: document.name, details: { versionId: version.id, ...result.value }, ip: input.ip });
    return ok({ ...result.value, restored: version.id, savedBefore: before.id });
  } finally {
    past.destroy();
  }
}
