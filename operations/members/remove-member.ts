import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import type { AuditOrigin } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { applyMemberChange } from './member-change.js';

/**
 * Removes a member, or lets the caller leave. Leaving needs no right, so nothing is asked of the
 * role up front: whether this is leaving is decided with the rest, inside the transaction.
 * Their API keys stop working with them.
 */
export async function removeMember(deps: OperationDeps, caller: Caller, input: { projectId: string; userId: string } & AuditOrigin): Promise<Outcome<{ userId: string; removed: true }>> {
  const access = await requireProjectRole(caller, input.projectId);
  if (!access.ok) return access;
  const removed = await applyMemberChange(deps, caller, access.value, { userId: input.userId, role: null, ip: input.ip });
  if (!removed.ok) return removed;
  return ok({ userId: removed.value.userId, removed: true });
}
