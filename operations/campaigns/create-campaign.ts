import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type NewItem, createItem } from '../video/create-item.js';
import { type CampaignDetail, asCampaign } from './campaign.js';

export type NewCampaign = Omit<NewItem, 'campaignId'>;

/** Adds a campaign to a pipeline's idea stage. */
export function createCampaign(deps: OperationDeps, caller: Caller, input: NewCampaign): Promise<Outcome<CampaignDetail>> {
  return createItem(deps, caller, 'campaign', input, asCampaign);
}
