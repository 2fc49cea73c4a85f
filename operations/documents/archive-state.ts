import { recordAudit } from '../../identity/audit.js';
import { type RegisteredDocument, setArchived } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { type DocumentTarget, documentNotFound, registeredDocument } from './registered-document.js';

/**
 * Archives or restores a document; its content is kept. Doing it again changes nothing: no
 * second audit record, no second event. Archiving closes the document's open connections: the
 * event goes out after the commit, so the collab server's re-check finds it archived.
 */
export async function changeArchiveState(deps: OperationDeps, caller: Caller, input: DocumentTarget & AuditOrigin, archived: boolean): Promise<Outcome<RegisteredDocument>> {
  const found = await registeredDocument(deps, caller, input, 'write');
  if (!found.ok) return found;
  const existing = found.value;
  const result = await deps.db.transaction(async (tx) => {
    const outcome = await setArchived(tx, existing.projectId, existing.id, archived);
    if (outcome?.changed) {
      await recordAudit(tx, { action: archived ? 'document.archived' : 'document.restored', projectId: existing.projectId, ...auditActorOf(caller.principal), target: existing.name, ip: input.ip });
    }
    return outcome;
  });
  if (!result) return documentNotFound();
  if (archived && result.changed) deps.events.emit({ type: 'documentArchived', projectId: existing.projectId, documentName: existing.name });
  return ok(result.document);
}
