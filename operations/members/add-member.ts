import { recordAudit } from '../../identity/audit.js';
import { type Member, addMember as insertMember } from '../../identity/members.js';
import type { ProjectRole } from '../../identity/roles.js';
import { upsertUserByEmail } from '../../identity/users.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { commitUnlessRefused } from './commit-unless-refused.js';
import { seatLimitReached } from '../billing/payments/plan-limits.js';
import { memberActorOf, memberChangeRefused } from './member-actor.js';

export interface AddMemberInput extends AuditOrigin {
  projectId: string;
  email: string;
  role: ProjectRole;
}

/**
 * Adds someone by email. An address without an account gets one: an invitation, which the
 * person's first sign-in with that verified email links to. Whether the caller may is decided
 * inside the transaction on locked rows (the role read at the start only refuses early); a
 * refusal there takes the invitation's account back too. Live connections hear of it after the commit.
 */
export async function addMember(deps: OperationDeps, caller: Caller, input: AddMemberInput): Promise<Outcome<Member>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.manage');
  if (!access.ok) return access;
  const { projectId, role } = access.value;
  const added = await commitUnlessRefused(deps.db, async (tx) => {
    if (await seatLimitReached(tx, projectId)) return fail('PLAN_SEAT_LIMIT', "The project's plan has no seat left: upgrade the plan or remove a member first.");
    const user = await upsertUserByEmail(tx, input.email);
    const result = await insertMember(tx, { projectId, actor: memberActorOf(caller.principal, role), userId: user.id, role: input.role });
    if (result.outcome === 'forbidden') return memberChangeRefused(result.missing);
    if (result.outcome === 'already_member') return fail('ALREADY_MEMBER', `${input.email} is already a member of this project.`);
    await recordAudit(tx, { action: 'member.added', projectId, ...auditActorOf(caller.principal), target: user.id, details: { role: input.role }, ip: input.ip });
    return ok(result.member);
  });
  if (added.ok) deps.events.emit({ type: 'member', projectId, userId: added.value.userId, role: added.value.role });
  return added;
}
