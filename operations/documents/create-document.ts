import { randomUUID } from 'node:crypto';
import type { DocumentKind } from '../../documents/document-name.js';
import { recordAudit } from '../../identity/audit.js';
import { type RegisteredDocument, createDocument as registerDocument } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { mayWrite } from './document-access.js';
import { writeRefused } from './registered-document.js';

export interface CreateDocumentInput extends AuditOrigin {
  projectId: string;
  kind: DocumentKind;
  title: string;
  /** Chosen by the client to make a create safe to retry (and usable offline before the server answers); a new UUID otherwise. */
  id?: string | undefined;
}

export interface CreatedDocument {
  document: RegisteredDocument;
  /** False for a retry: the id was registered already, with this kind, and `document` is what the first create made. */
  created: boolean;
}

/** Registers and seeds a document (one transaction: the registry decides races, so only one seed is ever written). */
export async function createDocument(deps: OperationDeps, caller: Caller, input: CreateDocumentInput): Promise<Outcome<CreatedDocument>> {
  const access = await requireProjectRole(caller, input.projectId, 'documents.read');
  if (!access.ok) return access;
  const { projectId, role } = access.value;
  if (!mayWrite(role, input.kind)) return writeRefused(input.kind);
  const actor = auditActorOf(caller.principal);
  const result = await deps.db.transaction(async (tx) => {
    const registered = await registerDocument(tx, { projectId, id: input.id ?? randomUUID(), kind: input.kind, title: input.title, createdBy: actor.actorUserId, createdByApiKey: actor.actorApiKeyId });
    if (registered.outcome === 'created') {
      await recordAudit(tx, { action: 'document.created', projectId, ...actor, target: registered.document.name, details: { kind: input.kind, title: input.title }, ip: input.ip });
    }
    return registered;
  });
  if (result.outcome === 'id-taken') return fail('DOCUMENT_ID_TAKEN', `The id "${result.document.id}" is already used by a ${result.document.kind} document in this project.`);
  return ok({ document: result.document, created: result.outcome === 'created' });
}
