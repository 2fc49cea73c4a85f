import type { ItemDetail, PipelineItem } from '../video/pipeline-item.js';

/** A campaign as the REST API shows it (a pipeline item of type campaign; campaigns belong to no campaign). */
export type Campaign = Omit<PipelineItem, 'campaignId'> & { type: 'campaign' };
export type CampaignDetail = ItemDetail<Campaign>;

export function asCampaign(item: PipelineItem): Campaign {
  const { campaignId: _none, ...campaign } = item;
  return campaign as Campaign;
}
