import { z } from 'zod';
import { itemEntry } from '../../documents/pipeline/schema.js';
import { cursorQuery, queryBoolean } from '../operation-response.js';
import { userText } from '../text.js';
import { documentId, itemFields, missingResponse, onePlace, placement, projectId, stage } from '../video/schemas.js';

export const listCampaignsQuery = cursorQuery.extend({
  projectId: projectId.optional(),
  pipelineId: documentId.optional(),
  stage: stage.optional(),
  assignee: z.string().max(64).optional(),
  text: userText().max(200).optional(),
  archived: queryBoolean.optional(),
});

const changes = z.object(itemFields).partial().strict();

export const createCampaignBody = changes
  .extend({ projectId, pipelineId: documentId, title: itemFields.title, itemId: documentId.optional() })
  .strict();
export const updateCampaignBody = changes.refine((value) => Object.keys(value).length > 0, 'give at least one field to change');
export const moveCampaignBody = z
  .object({ stage, ...placement })
  .strict()
  .refine(...onePlace);
export const campaignAssetsQuery = z.object({ videos: queryBoolean.optional() }).strict();

/** What the API answers: the model's fields (campaigns belong to no campaign) plus where the item lives and its version. */
export const campaignResponse = itemEntry
  .omit({ id: true, campaignId: true })
  .extend({ id: z.string(), projectId: z.uuid(), pipelineId: z.string(), itemId: z.string(), etag: z.string(), type: z.literal('campaign') });
export const campaignDetailResponse = campaignResponse.extend({ missing: missingResponse });
export const campaignPageResponse = z.object({ items: z.array(campaignResponse), next: z.string().nullable() });
