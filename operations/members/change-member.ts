import type { Member } from '../../identity/members.js';
import type { ProjectRole } from '../../identity/roles.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import type { AuditOrigin } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { applyMemberChange } from './member-change.js';

/**
 * Gives a member another role. Needs `members.manage` (making, changing or demoting an owner
 * needs `members.manageOwners`), and a project keeps at least one owner.
 */
export async function changeMember(deps: OperationDeps, caller: Caller, input: { projectId: string; userId: string; role: ProjectRole } & AuditOrigin): Promise<Outcome<Member>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.manage');
  if (!access.ok) return access;
  return applyMemberChange(deps, caller, access.value, { userId: input.userId, role: input.role, ip: input.ip });
}
