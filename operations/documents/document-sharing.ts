import { recordAudit } from '../../identity/audit.js';
import { type DocumentGrant, type StoredDocumentAccess, readDocumentAccess, writeDocumentAccess } from '../../identity/document-grants.js';
import type { MemberAccess } from '../../identity/document-roles.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type DocumentTarget, documentNotFound } from './registered-document.js';
import { lockDocumentName } from '../../storage/document-registry.js';

/** More would be a list of members, not a restriction: give the document member access 'none' and grant a role instead. */
export const MAX_GRANTS = 200;

/** Who may do what with one document: owners and admins (who manage members) read and change it. */
export async function getDocumentAccess(deps: OperationDeps, caller: Caller, target: DocumentTarget): Promise<Outcome<StoredDocumentAccess>> {
  const access = await requireProjectRole(caller, target.projectId, 'members.manage');
  if (!access.ok) return access;
  const stored = await readDocumentAccess(deps.db, access.value.projectId, target.documentId);
  return stored ? ok(stored) : documentNotFound();
}

export interface DocumentAccessInput extends DocumentTarget, AuditOrigin {
  memberAccess: MemberAccess;
  grants: readonly DocumentGrant[];
}

/**
 * Replaces what members may do with one document: the default for members without a grant, and
 * the grants (a member, or every member of a role). A grant names members, or guests already
 * invited to this document (left out, a guest loses access; new guests come through invitations). Open connections follow at once: the access event goes out after the
 * commit, and each affected socket is re-checked, downgraded or closed.
 */
export async function setDocumentAccess(deps: OperationDeps, caller: Caller, input: DocumentAccessInput): Promise<Outcome<StoredDocumentAccess>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  if (input.grants.length > MAX_GRANTS) return fail('VALIDATION_FAILED', `At most ${MAX_GRANTS} grants per document.`, [{ path: 'grants', message: `at most ${MAX_GRANTS}` }]);
  const seen = new Set<string>();
  for (const [index, grant] of input.grants.entries()) {
    const key = 'userId' in grant.subject ? `user:${grant.subject.userId}` : `role:${grant.subject.projectRole}`;
    if (seen.has(key)) return fail('VALIDATION_FAILED', 'Each member or role may be granted once.', [{ path: `grants.${index}`, message: 'granted twice' }]);
    seen.add(key);
  }
  const userIds = input.grants.flatMap((grant) => ('userId' in grant.subject ? [grant.subject.userId] : []));
  const outcome = await deps.db.transaction(async (tx) => {
    const name = await lockDocumentName(tx, projectId, input.documentId);
    if (!name) return { error: 'not-found' as const };
    // Members, and guests already invited to this document (the list is replaced as a whole).
    const members = await tx.query<{ user_id: string }>(
      `SELECT user_id FROM project_members WHERE project_id = $1 AND user_id = ANY($2::uuid[])
       UNION SELECT user_id FROM document_grants WHERE project_id = $1 AND document_id = $3 AND user_id = ANY($2::uuid[])`,
      [projectId, userIds, input.documentId],
    );
    const missing = userIds.filter((id) => !members.rows.some((row) => row.user_id === id));
    if (missing.length > 0) return { error: 'not-members' as const, missing };
    await writeDocumentAccess(tx, projectId, input.documentId, input, caller.principal.type === 'user' ? caller.principal.user.id : null);
    await recordAudit(tx, {
      action: 'document.access_changed',
      projectId,
      ...auditActorOf(caller.principal),
      target: name,
      details: { memberAccess: input.memberAccess, grants: input.grants.map((grant) => ({ ...grant.subject, role: grant.role })) },
      ip: input.ip,
    });
    return { name };
  });
  if ('error' in outcome) {
    if (outcome.error === 'not-found') return documentNotFound();
    if (outcome.error === 'not-members') return fail('NOT_A_MEMBER', 'Grants name members of the project; invite the others first.', outcome.missing.map((id) => ({ path: 'grants', message: `${id} is not a member` })));
  }
  deps.events.emit({ type: 'documentAccess', projectId, documentName: outcome.name });
  return ok((await readDocumentAccess(deps.db, projectId, input.documentId))!);
}
