import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type ItemFields, updateItemFields } from '../video/item-fields.js';
import { type CampaignDetail, asCampaign } from './campaign.js';

/** Sets a campaign's title and what the stage table asks of it (brief, script link, assignee, due date). */
export function updateCampaign(deps: OperationDeps, caller: Caller, campaignId: string, fields: Omit<ItemFields, 'campaignId'>, ifMatch?: string): Promise<Outcome<CampaignDetail>> {
  return updateItemFields(deps, caller, campaignId, 'campaign', fields, ifMatch, asCampaign);
}
