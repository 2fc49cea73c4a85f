import { Router } from 'express';
import { addCampaignAsset, listCampaignAssets } from '../../operations/campaigns/campaign-assets.js';
import { attachUploadedAsset } from '../../operations/assets/attach-uploaded-asset.js';
import { createCampaign } from '../../operations/campaigns/create-campaign.js';
import { getCampaign } from '../../operations/campaigns/get-campaign.js';
import { listCampaigns } from '../../operations/campaigns/list-campaigns.js';
import { moveCampaign } from '../../operations/campaigns/move-campaign.js';
import { updateCampaign } from '../../operations/campaigns/update-campaign.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { ifMatchOf, operationContext, sendItem, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { parseAssetBody } from '../video/schemas.js';
import { campaignAssetsQuery, createCampaignBody, listCampaignsQuery, moveCampaignBody, updateCampaignBody } from './schemas.js';

/** `/api/campaigns`: the campaigns of every pipeline the caller can see; authenticate → parse → operation → present. */
export function campaignRoutes(deps: RestDependencies): Router {
  const router = Router();
  const once = idempotent(deps.db);
  const ctx = (req: Parameters<typeof operationContext>[0]) => operationContext(req, deps);

  router.get('/', async (req, res) => {
    const { ops, caller } = ctx(req);
    const query = parse(listCampaignsQuery, req.query);
    const page = unwrap(await listCampaigns(ops, caller, query));
    sendData(res, page, { meta: { limit: query.limit, next: page.next } });
  });
  router.post('/', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await createCampaign(ops, caller, parse(createCampaignBody, req.body))), 201);
  });
  router.get('/:campaignId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await getCampaign(ops, caller, String(req.params.campaignId))));
  });
  router.put('/:campaignId', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await updateCampaign(ops, caller, String(req.params.campaignId), parse(updateCampaignBody, req.body), ifMatchOf(req))));
  });
  router.put('/:campaignId/stage', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendItem(res, unwrap(await moveCampaign(ops, caller, String(req.params.campaignId), parse(moveCampaignBody, req.body), ifMatchOf(req))));
  });
  router.get('/:campaignId/assets', async (req, res) => {
    const { ops, caller } = ctx(req);
    sendData(res, unwrap(await listCampaignAssets(ops, caller, String(req.params.campaignId), parse(campaignAssetsQuery, req.query))));
  });
  router.post('/:campaignId/assets', once, async (req, res) => {
    const { ops, caller } = ctx(req);
    const body = parseAssetBody(req.body);
    const campaignId = String(req.params.campaignId);
    sendItem(res, unwrap('upload' in body ? await attachUploadedAsset(ops, caller, campaignId, 'campaign', body.upload) : await addCampaignAsset(ops, caller, campaignId, body.link)), 201);
  });
  return router;
}
