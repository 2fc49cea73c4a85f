import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { itemTarget, missingNow, readItem, toItem } from '../video/pipeline-item.js';
import { type CampaignDetail, asCampaign } from './campaign.js';

/** One campaign with what its stage still needs, read from its pipeline (the live one when open). */
export async function getCampaign(deps: OperationDeps, caller: Caller, campaignId: string): Promise<Outcome<CampaignDetail>> {
  const target = await itemTarget(deps, caller, campaignId, 'campaign', 'read');
  if (!target.ok) return target;
  return readItem(deps, target.value, 'campaign', (doc, entry) => ({ ...asCampaign(toItem(target.value, entry)), missing: missingNow(doc, entry) }));
}
