import { z } from 'zod';
import type { Operation } from '../openapi/operations.js';
import { addOrAttachAssetBody, assetResponse } from '../video/schemas.js';
import { campaignAssetsQuery, campaignDetailResponse, campaignPageResponse, createCampaignBody, listCampaignsQuery, moveCampaignBody, updateCampaignBody } from './schemas.js';

const campaign = '/api/campaigns/{campaignId}';
const common = { tag: 'campaigns', auth: true } as const;

export const CAMPAIGN_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/campaigns', operationId: 'listCampaigns', summary: 'Campaigns across your pipelines, filtered; cursor pagination (meta.next)', query: listCampaignsQuery, response: campaignPageResponse, success: { status: 200, description: 'A page of campaigns' } },
  { ...common, method: 'post', path: '/api/campaigns', operationId: 'createCampaign', summary: "Add a campaign to a pipeline's idea stage", body: createCampaignBody, response: campaignDetailResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The campaign, with what its stage still needs' }, errors: ['ALREADY_EXISTS', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET', 'ASSET_NOT_READY'] },
  { ...common, method: 'get', path: campaign, operationId: 'getCampaign', summary: 'One campaign, with what its stage still needs', response: campaignDetailResponse, etag: 'returns', success: { status: 200, description: 'The campaign' } },
  { ...common, method: 'put', path: campaign, operationId: 'updateCampaign', summary: "Set a campaign's title, brief, script link, due date or assignee", body: updateCampaignBody, response: campaignDetailResponse, etag: 'checks', success: { status: 200, description: 'The campaign' }, errors: ['DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'put', path: `${campaign}/stage`, operationId: 'moveCampaign', summary: 'Move a campaign to a stage; refused with each missing requirement unless force', body: moveCampaignBody, response: campaignDetailResponse, etag: 'checks', success: { status: 200, description: 'The moved campaign' }, errors: ['STAGE_REQUIREMENTS_NOT_MET', 'INVALID_MOVE', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'get', path: `${campaign}/assets`, operationId: 'listCampaignAssets', summary: "A campaign's own assets, then its videos' (videos=false: its own only)", query: campaignAssetsQuery, response: z.array(assetResponse), success: { status: 200, description: 'Assets; ownerType and ownerId say whose each is' } },
  { ...common, method: 'post', path: `${campaign}/assets`, operationId: 'addCampaignAsset', summary: 'Add an asset to a campaign by URL, or attach an uploaded file of the project (`uploadedAssetId`), as yourself', body: addOrAttachAssetBody, response: assetResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The asset' }, errors: ['ALREADY_EXISTS', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET', 'ASSET_NOT_READY'] },
];
