import type { DocumentKind } from '../../documents/document-name.js';
import { type RegisteredDocument, getDocument } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { mayWrite } from './document-access.js';
import { roleInDocument } from '../../identity/document-grants.js';

export interface DocumentTarget {
  projectId: string;
  documentId: string;
}

/** Commenters write annotations and nothing else; viewers write nothing. */
export const writeRefused = (kind: DocumentKind) => fail('FORBIDDEN', `Your role in this project does not allow writing ${kind} documents.`);

export const documentNotFound = () => fail('DOCUMENT_NOT_FOUND', 'No such document in this project.');

/**
 * A registered document of a project the caller may read, archived ones included (the registry
 * shows them, so a client can offer a restore); for `write`, one their role may change.
 */
export async function registeredDocument(deps: OperationDeps, caller: Caller, target: DocumentTarget, need: 'read' | 'write'): Promise<Outcome<RegisteredDocument>> {
  const access = await requireProjectRole(caller, target.projectId, 'documents.read');
  if (!access.ok) return access;
  const document = await getDocument(deps.db, access.value.projectId, target.documentId);
  if (!document) return documentNotFound();
  const role = await roleInDocument(deps.db, document.name, caller.principal, access.value.role);
  if (!role) return documentNotFound();
  if (need === 'write' && !mayWrite(role, document.kind)) return writeRefused(document.kind);
  return ok(document);
}
