import { type ApiKey, listApiKeys as readApiKeys } from '../../identity/api-keys.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';

/** A project's live API keys, oldest first; never their secrets (only hashes are stored). */
export async function listApiKeys(deps: OperationDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<ApiKey[]>> {
  const access = await requireProjectRole(caller, input.projectId, 'apiKeys.manage');
  if (!access.ok) return access;
  return ok(await readApiKeys(deps.db, access.value.projectId));
}
