import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type StageMove, moveToStage } from '../video/stage-move.js';
import { type CampaignDetail, asCampaign } from './campaign.js';

/** Moves a campaign to a stage; entering one whose requirements it does not meet is refused unless forced. */
export function moveCampaign(deps: OperationDeps, caller: Caller, campaignId: string, move: StageMove, ifMatch?: string): Promise<Outcome<CampaignDetail>> {
  return moveToStage(deps, caller, campaignId, 'campaign', move, ifMatch, asCampaign);
}
