import type { DocumentKind } from '../../documents/document-name.js';
import { type ProjectRole, can } from '../../identity/roles.js';
import { type RegisteredDocument, getDocument } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import { documentRole } from '../../identity/document-roles.js';
import { restrictedDocuments, restrictionAs, roleInDocument } from '../../identity/document-grants.js';
import type { OperationDeps } from '../dependencies.js';
import type { Editor } from '../live-documents.js';
import { type Outcome, fail, ok } from '../outcome.js';

const NAMES: Record<DocumentKind, string> = { kanban: 'board', calendar: 'calendar', pipeline: 'pipeline', annotations: 'annotations document' };

/** What reading or writing a document of a kind needs. */
export function mayWrite(role: ProjectRole, kind: DocumentKind): boolean {
  return can(role, kind === 'annotations' ? 'annotations.write' : 'documents.write');
}

/**
 * The live document `documentId` of `kind` in a project the caller belongs to, with their role,
 * and the editor a write would run as. Someone else's project, an unknown or archived document
 * or one of another kind are all simply not found (ids reveal nothing); a role that may read but
 * not write is refused a write.
 */
export async function documentFor(
  deps: OperationDeps,
  caller: Caller,
  target: { projectId: string; documentId: string; kind: DocumentKind },
  need: 'read' | 'write',
): Promise<Outcome<{ document: RegisteredDocument; role: ProjectRole; editor: Editor }>> {
  const projectRole = await caller.roleIn(target.projectId);
  if (!projectRole || !can(projectRole, 'documents.read')) return fail('NOT_FOUND', 'No such project.');
  const document = await getDocument(deps.db, target.projectId, target.documentId);
  if (!document || document.kind !== target.kind || document.archivedAt !== null) return fail('NOT_FOUND', `No such ${NAMES[target.kind]} in this project.`);
  // A document hidden from the caller is not found, like one that does not exist.
  const role = await roleInDocument(deps.db, document.name, caller.principal, projectRole);
  if (!role) return fail('NOT_FOUND', `No such ${NAMES[target.kind]} in this project.`);
  if (need === 'write' && !mayWrite(role, target.kind)) return fail('FORBIDDEN', `Your role in this project does not allow changing this ${NAMES[target.kind]}.`);
  return ok({ document, role, editor: { principal: caller.principal, role } });
}

/**
 * Documents of these projects hidden from the caller (their restrictions leave them no role):
 * listings and searches over many documents leave them out. One query when nothing is restricted;
 * the caller's roles are read only in projects that restrict something.
 */
export async function hiddenDocuments(deps: OperationDeps, caller: Caller, projectIds: readonly string[]): Promise<string[]> {
  const candidates = await restrictedDocuments(deps.db, projectIds, caller.principal);
  if (candidates.length === 0) return [];
  const roles = new Map<string, ProjectRole | null>();
  for (const projectId of new Set(candidates.map((entry) => entry.projectId))) roles.set(projectId, await caller.roleIn(projectId));
  return candidates.filter((entry) => documentRole(roles.get(entry.projectId) ?? null, restrictionAs(entry, roles.get(entry.projectId) ?? null)) === null).map((entry) => entry.name);
}
