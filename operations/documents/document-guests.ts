import { recordAudit } from '../../identity/audit.js';
import { type GrantRole } from '../../identity/document-roles.js';
import { type ProjectShare, type SharedDocument, type StoredDocumentAccess, documentsSharedWith, grantGuest, projectShares, readDocumentAccess, revokeGuest } from '../../identity/document-grants.js';
import { upsertUserByEmail } from '../../identity/users.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type DocumentTarget, documentNotFound } from './registered-document.js';
import { lockDocumentName } from '../../storage/document-registry.js';

export interface InviteGuestInput extends DocumentTarget, AuditOrigin {
  email: string;
  role: GrantRole;
}

/**
 * Shares one document with someone outside the project (owners and admins): an address without an
 * account gets one (an invitation, which their first sign-in with that verified email takes up),
 * and a grant on this document alone. They open it over /collab and see it in
 * `GET /api/me/shared-documents`; the project and its other documents stay closed to them. Asked
 * again, the role changes. A member is refused: restrict them with a grant instead.
 */
export async function inviteGuest(deps: OperationDeps, caller: Caller, input: InviteGuestInput): Promise<Outcome<StoredDocumentAccess>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const outcome = await deps.db.transaction(async (tx) => {
    const name = await lockDocumentName(tx, projectId, input.documentId, { open: true });
    if (!name) return null;
    const user = await upsertUserByEmail(tx, input.email);
    const member = await tx.query('SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2', [projectId, user.id]);
    if (member.rows.length > 0) return { member: true as const };
    await grantGuest(tx, projectId, input.documentId, user.id, input.role, caller.principal.type === 'user' ? caller.principal.user.id : null);
    await recordAudit(tx, { action: 'document.guest_invited', projectId, ...auditActorOf(caller.principal), target: name, details: { userId: user.id, role: input.role }, ip: input.ip });
    return { name };
  });
  if (!outcome) return documentNotFound();
  if ('member' in outcome) return fail('ALREADY_MEMBER', `${input.email} is a member of this project: restrict what they do here with a grant instead.`);
  deps.events.emit({ type: 'documentAccess', projectId, documentName: outcome.name });
  return ok((await readDocumentAccess(deps.db, projectId, input.documentId))!);
}

/** Takes a guest's access to one document away; their open sockets on it close at once. Not a guest of it: 404. */
export async function removeGuest(deps: OperationDeps, caller: Caller, input: DocumentTarget & AuditOrigin & { userId: string }): Promise<Outcome<StoredDocumentAccess>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const name = await deps.db.transaction(async (tx) => {
    const name = await lockDocumentName(tx, projectId, input.documentId);
    if (!name || !(await revokeGuest(tx, projectId, input.documentId, input.userId))) return null;
    await recordAudit(tx, { action: 'document.guest_removed', projectId, ...auditActorOf(caller.principal), target: name, details: { userId: input.userId }, ip: input.ip });
    return name;
  });
  if (!name) return fail('NOT_FOUND', 'No such guest of this document.');
  deps.events.emit({ type: 'documentAccess', projectId, documentName: name });
  return ok((await readDocumentAccess(deps.db, projectId, input.documentId))!);
}

/** What has been shared with the caller as a guest (people only: an API key belongs to its project). */
export async function listSharedWithMe(deps: OperationDeps, caller: Caller): Promise<Outcome<SharedDocument[]>> {
  if (caller.principal.type !== 'user') return fail('FORBIDDEN', 'Only people are guests of documents.');
  return ok(await documentsSharedWith(deps.db, caller.principal.user.id));
}

/** Every restricted or shared document of a project and its grants, guests marked (owners and admins). */
export async function listProjectShares(deps: OperationDeps, caller: Caller, projectId: string): Promise<Outcome<ProjectShare[]>> {
  const access = await requireProjectRole(caller, projectId, 'members.manage');
  if (!access.ok) return access;
  return ok(await projectShares(deps.db, access.value.projectId));
}
