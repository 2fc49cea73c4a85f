import { z } from 'zod';
import { ASSET_KINDS, STAGES, assetEntry, feedbackEntry, itemEntry } from '../../documents/pipeline/schema.js';
import { userText } from '../text.js';

/** Shared by the campaign and video areas: both are items of one pipeline document. */
export const projectId = z.uuid().transform((id) => id.toLowerCase());
export const documentId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');
/** An item id (`<projectId>.<pipelineId>.<itemId>`) or, within the same pipeline, an entry id. */
const itemRef = z.string().min(1).max(200, 'must be at most 200 characters');
const index = z.number().int().min(0).max(1_000_000);
export const stage = z.enum(STAGES);

const isWebAddress = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};
const DOCUMENT_NAME = /^[a-z]+:[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}$/;

/** Text fields keep the model's limits (each error names the field and its limit) and refuse what cannot be stored. */
export const itemFields = {
  title: userText().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  brief: userText().max(20_000, 'must be at most 20000 characters'),
  dueDate: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset, e.g. 2026-12-15T17:00:00Z' }).nullable(),
  assigneeId: userText().trim().min(1, 'must not be empty (send null to unassign)').max(64, 'must be at most 64 characters').nullable(),
  scriptDocument: userText()
    .max(200, 'must be at most 200 characters')
    .refine((value) => isWebAddress(value) || DOCUMENT_NAME.test(value), 'must be an http(s) URL or a document name (<kind>:<projectId>:<id>)')
    .nullable(),
};

export const webAddress = userText().max(2048, 'must be at most 2048 characters').refine(isWebAddress, 'must be an absolute http(s) URL');

const atMostOnePlace = (value: { index?: number | undefined; beforeId?: string | undefined; afterId?: string | undefined }) =>
  [value.beforeId, value.afterId, value.index].filter((v) => v !== undefined).length <= 1;
/** Where in the stage: one of these, or none (the end); and whether to move despite missing requirements. */
export const placement = { index: index.optional(), beforeId: itemRef.optional(), afterId: itemRef.optional(), force: z.boolean().optional() };
export const onePlace = [atMostOnePlace, 'give at most one of beforeId, afterId and index'] as const;
const someField = [(value: object) => Object.keys(value).length > 0, 'give at least one field to change'] as const;

const changes = z.object({ ...itemFields, campaignId: itemRef.nullable() }).partial().strict();

export const createVideoBody = changes
  .extend({ projectId, pipelineId: documentId, title: itemFields.title, itemId: documentId.optional() })
  .strict();
export const updateVideoBody = changes.refine(...someField);
export const moveVideoBody = z
  .object({ videoId: itemRef, toStage: stage, ...placement })
  .strict()
  .refine(...onePlace);
export const pipelineQuery = z.object({ projectId, pipelineId: documentId }).strict();
export const addAssetBody = z
  .object({ kind: z.enum(ASSET_KINDS), name: userText().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'), url: webAddress, assetId: documentId.optional() })
  .strict();
/** An uploaded file of the same project instead of a URL: the entry points to it, its kind from the file's verified type. */
export const attachUploadBody = z
  .object({ uploadedAssetId: z.uuid(), name: userText().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters').optional(), assetId: documentId.optional() })
  .strict();
/** What the assets routes document: one of the two bodies, told apart by `uploadedAssetId`. */
export const addOrAttachAssetBody = z.union([addAssetBody, attachUploadBody]);

/** Picks the body's shape by `uploadedAssetId`, so each shape's own field errors are reported (a union would only say "invalid"). */
export function parseAssetBody(body: unknown): { upload: z.output<typeof attachUploadBody> } | { link: z.output<typeof addAssetBody> } {
  const isUpload = typeof body === 'object' && body !== null && 'uploadedAssetId' in body;
  return isUpload ? { upload: attachUploadBody.parse(body) } : { link: addAssetBody.parse(body ?? {}) };
}
export const addFeedbackBody = z.object({ body: userText().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters'), feedbackId: documentId.optional() }).strict();

/** What the API answers: the model's fields plus where the item lives and its version. */
const located = { id: z.string(), projectId: z.uuid(), pipelineId: z.string(), itemId: z.string(), etag: z.string() };
export const missingResponse = z.array(z.object({ id: z.string(), description: z.string() }));
export const feedbackCountsResponse = z.object({ open: z.number().int(), resolved: z.number().int() });
export const videoResponse = itemEntry.omit({ id: true }).extend({ ...located, type: z.literal('video') });
export const videoDetailResponse = videoResponse.extend({ missing: missingResponse });
export const assetResponse = assetEntry.omit({ id: true }).extend({ id: z.string(), assetId: z.string(), ownerId: z.string(), ownerType: z.enum(['campaign', 'video']), etag: z.string(), uploadedAssetId: z.uuid().nullable() });
export const feedbackResponse = feedbackEntry.omit({ id: true }).extend({ id: z.string(), feedbackId: z.string(), videoId: z.string(), etag: z.string() });
export const videoPipelineResponse = z.object({
  projectId: z.uuid(),
  pipelineId: z.string(),
  stages: z.array(
    z.object({
      stage,
      requirements: missingResponse,
      videos: z.array(videoDetailResponse.extend({ assets: z.array(assetResponse), feedback: feedbackCountsResponse })),
    }),
  ),
});
export const videoStatusResponse = z.object({
  id: z.string(),
  itemId: z.string(),
  projectId: z.uuid(),
  pipelineId: z.string(),
  title: z.string(),
  stage,
  missing: missingResponse,
  next: z.object({ stage, missing: missingResponse }).nullable(),
  assigneeId: z.string().nullable(),
  dueDate: z.string().nullable(),
  campaignId: z.string().nullable(),
  assets: z.number().int(),
  feedback: feedbackCountsResponse,
  etag: z.string(),
});
