import { normalizedUuid } from '../../identity/projects.js';
import { recordAudit } from '../../identity/audit.js';
import { type Member, changeMember as writeMember } from '../../identity/members.js';
import type { ProjectRole } from '../../identity/roles.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import type { ProjectAccess } from '../projects/require-project-role.js';
import { memberActorOf, memberChangeRefused } from './member-actor.js';

export interface MemberChange extends AuditOrigin {
  userId: string;
  /** Null: the member is removed (or leaves, when it is the caller). */
  role: ProjectRole | null;
}

/**
 * Changes or ends a membership. Who may is decided inside the transaction on rows locked until
 * it commits (the caller's, the target's and every owner's: `identity/members.ts`), so a change
 * racing another is judged on what that one left. Live connections hear of it after the commit.
 * Answers the member as they were changed (their last role, when removed).
 */
export async function applyMemberChange(deps: OperationDeps, caller: Caller, access: ProjectAccess, change: MemberChange): Promise<Outcome<Member>> {
  const { projectId } = access;
  const userId = normalizedUuid(change.userId);
  if (!userId) return fail('NOT_FOUND', 'No such member.');
  const { role } = change;
  const result = await deps.db.transaction(async (tx) => {
    const changed = await writeMember(tx, { projectId, actor: memberActorOf(caller.principal, access.role), userId, role });
    if (changed.outcome === 'changed') {
      const action = role === null ? 'member.removed' : 'member.role_changed';
      await recordAudit(tx, { action, projectId, ...auditActorOf(caller.principal), target: userId, details: { from: changed.previousRole, to: role }, ip: change.ip });
    }
    return changed;
  });
  switch (result.outcome) {
    case 'forbidden':
      return memberChangeRefused(result.missing);
    case 'not_found':
      return fail('NOT_FOUND', 'No such member.');
    case 'last_owner':
      return fail('LAST_OWNER', 'A project keeps at least one owner: make someone else owner first.');
    case 'changed':
      deps.events.emit({ type: 'member', projectId, userId, role });
      return ok(result.member);
  }
}
