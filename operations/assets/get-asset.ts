import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireAsset } from './asset-access.js';
import type { AssetDeps } from './asset-deps.js';
import { type AssetView, toAssetView } from './asset.js';

/** One asset: its status, progress and what processing found. Any member may read. */
export async function getAsset(deps: AssetDeps, caller: Caller, input: { projectId: string; assetId: string }): Promise<Outcome<AssetView>> {
  const found = await requireAsset(deps.db, caller, input, 'assets.read');
  if (!found.ok) return found;
  return ok(toAssetView(found.value.asset));
}
