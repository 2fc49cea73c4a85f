import type { Principal } from '../../identity/verifier.js';
import type { ProjectAction } from '../../identity/roles.js';
import { normalizedUuid } from '../../identity/projects.js';
import type { Queryable } from '../../platform/db/database.js';
import { type StoredAsset, findAsset } from '../../storage/assets.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type ProjectAccess, requireProjectRole } from '../projects/require-project-role.js';

/**
 * The caller's access to one asset of one project: not a member, another project's asset and an
 * unknown id are the same 404, so ids reveal nothing across projects.
 */
export async function requireAsset(db: Queryable, caller: Caller, input: { projectId: string; assetId: string }, need: ProjectAction): Promise<Outcome<{ access: ProjectAccess; asset: StoredAsset }>> {
  const access = await requireProjectRole(caller, input.projectId, need);
  if (!access.ok) return access;
  const assetId = normalizedUuid(input.assetId);
  const asset = assetId ? await findAsset(db, access.value.projectId, assetId) : null;
  if (!asset) return fail('NOT_FOUND', 'No such asset.');
  return ok({ access: access.value, asset });
}

/** Whether this caller is the one who asked for the upload (a person, or an API key). */
export function isUploader(asset: StoredAsset, principal: Principal): boolean {
  return principal.type === 'user' ? asset.uploaderUserId === principal.user.id : asset.uploaderApiKeyId === principal.apiKeyId;
}
