import { byOrderThenId, readCollection } from '../../documents/entries.js';
import { ASSETS, ITEMS, STAGES, type AssetEntry, type ItemEntry } from '../../documents/pipeline/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, attempt } from '../outcome.js';
import { type Asset, type NewAsset, addItemAsset, toAsset } from '../video/assets.js';
import { currentItem, itemTarget } from '../video/pipeline-item.js';

const byTime = (a: AssetEntry, b: AssetEntry) => (a.addedAt < b.addedAt ? -1 : a.addedAt > b.addedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byBoardPlace = (a: ItemEntry, b: ItemEntry) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || byOrderThenId(a, b);

/**
 * A campaign's assets: its own first, then those of each of its videos (in board order: stage,
 * then place in the stage; archived videos left out), each group oldest first. `ownerType` and
 * `ownerId` say whose each is. `videos: false` lists the campaign's own only.
 */
export async function listCampaignAssets(deps: OperationDeps, caller: Caller, campaignId: string, options: { videos?: boolean | undefined } = {}): Promise<Outcome<Asset[]>> {
  const target = await itemTarget(deps, caller, campaignId, 'campaign', 'read');
  if (!target.ok) return target;
  const { entryId, name } = target.value;
  return deps.live.read(name, (doc) =>
    attempt(() => {
      currentItem(doc, 'campaign', entryId);
      const assets = readCollection(doc, ASSETS).sort(byTime);
      const own = assets.filter((asset) => asset.itemId === entryId).map((asset) => toAsset(target.value, 'campaign', asset));
      if (options.videos === false) return own;
      const videos = readCollection(doc, ITEMS)
        .filter((item) => item.type === 'video' && item.campaignId === entryId && !item.archived)
        .sort(byBoardPlace);
      return [...own, ...videos.flatMap((video) => assets.filter((asset) => asset.itemId === video.id).map((asset) => toAsset(target.value, 'video', asset)))];
    }),
  );
}

/** Adds an asset to a campaign (a reference it needs to enter body mirroring, a brand deck…). */
export function addCampaignAsset(deps: OperationDeps, caller: Caller, campaignId: string, input: NewAsset): Promise<Outcome<Asset>> {
  return addItemAsset(deps, caller, campaignId, 'campaign', input);
}
