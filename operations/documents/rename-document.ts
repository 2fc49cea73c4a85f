import { recordAudit } from '../../identity/audit.js';
import { type RegisteredDocument, renameDocument as writeTitle } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { type DocumentTarget, documentNotFound, registeredDocument } from './registered-document.js';

/** Gives a document a new title (its name, which opens it on /collab, stays). */
export async function renameDocument(deps: OperationDeps, caller: Caller, input: DocumentTarget & AuditOrigin & { title: string }): Promise<Outcome<RegisteredDocument>> {
  const found = await registeredDocument(deps, caller, input, 'write');
  if (!found.ok) return found;
  const existing = found.value;
  const renamed = await deps.db.transaction(async (tx) => {
    const document = await writeTitle(tx, existing.projectId, existing.id, input.title);
    if (document) {
      await recordAudit(tx, { action: 'document.renamed', projectId: existing.projectId, ...auditActorOf(caller.principal), target: existing.name, details: { title: input.title }, ip: input.ip });
    }
    return document;
  });
  return renamed ? ok(renamed) : documentNotFound();
}
