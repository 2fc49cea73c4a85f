import { listAssets as readAssets } from '../../storage/assets.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import type { AssetDeps } from './asset-deps.js';
import { type AssetView, toAssetView } from './asset.js';

/** A page of a project's assets, newest first (uploads not completed yet are not listed). Any member may list. */
export async function listAssets(deps: AssetDeps, caller: Caller, input: { projectId: string; limit: number; offset: number }): Promise<Outcome<{ assets: AssetView[]; total: number }>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.read');
  if (!access.ok) return access;
  const { assets, total } = await readAssets(deps.db, access.value.projectId, { limit: input.limit, offset: input.offset });
  return ok({ assets: assets.map(toAssetView), total });
}
