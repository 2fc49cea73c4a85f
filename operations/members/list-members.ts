import { type Member, listMembers as readMembers } from '../../identity/members.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';

/** A project's members and their roles, in the order they joined. */
export async function listMembers(deps: OperationDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<Member[]>> {
  const access = await requireProjectRole(caller, input.projectId, 'members.read');
  if (!access.ok) return access;
  return ok(await readMembers(deps.db, access.value.projectId));
}
