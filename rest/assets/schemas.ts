import { z } from 'zod';
import type { AssetView } from '../../operations/assets/asset.js';
import { ACCEPTED_TYPE_NAMES } from '../../operations/assets/asset-types.js';
import { queryBoolean } from '../operation-response.js';
import { pageQuery } from '../pagination.js';
import { userText } from '../text.js';

export const createUploadBody = z
  .object({
    /** The file's name as the uploader knows it: shown, never used as a path or key. */
    name: userText().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
    type: z.enum(ACCEPTED_TYPE_NAMES, { error: `must be one of ${ACCEPTED_TYPE_NAMES.join(', ')}` }),
    /** Bytes; the upload may carry at most this many. */
    size: z.number().int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export const listAssetsQuery = pageQuery;
export const downloadQuery = z.object({ variant: z.enum(['original', 'thumbnail', 'poster']).default('original') });
export const deleteAssetQuery = z.object({
  /** Take the file off every card, pipeline item and request it is attached to, then delete it. */
  unlink: queryBoolean.optional(),
  /** The older name of `unlink`. */
  force: queryBoolean.optional(),
});
/** The file's name, as sent: display text only (shown, never a path or a key). */
export const smallFileMeta = z.object({ name: userText().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters') });
export const attachUploadBody = z.object({ uploadedAssetId: z.string().max(64, 'must be at most 64 characters') }).strict();
export const localTransferQuery = z.object({ token: z.string().min(1).max(4_096) });

const uploadTarget = z.discriminatedUnion('method', [
  z.object({ method: z.literal('POST'), url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() }).describe('S3 presigned POST: a multipart form with these fields, then the file as `file`'),
  z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()), expiresAt: z.iso.datetime() }).describe('Local disk: PUT the raw bytes to this signed URL with these headers'),
]);

export const uploadResponse = z.object({ uploadId: z.uuid(), assetId: z.uuid(), upload: uploadTarget, maxBytes: z.number().int(), expiresAt: z.iso.datetime() });

export const assetResponse = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string(),
  declaredType: z.string(),
  /** What the file's bytes say it is (null until the upload is completed). */
  type: z.string().nullable(),
  size: z.number().int().nullable(),
  checksumSha256: z.string().nullable(),
  status: z.enum(['pending', 'uploaded', 'processing', 'ready', 'failed']),
  progress: z.number().int().min(0).max(100),
  reason: z.string().nullable(),
  uploadedBy: z.object({ userId: z.uuid().nullable(), apiKeyId: z.uuid().nullable() }),
  preview: z.object({ thumbnail: z.boolean(), poster: z.boolean(), width: z.number().int().nullable(), height: z.number().int().nullable(), durationSeconds: z.number().nullable() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const assetListResponse = z.array(assetResponse);
export const downloadResponse = z.object({ url: z.string(), expiresAt: z.iso.datetime(), variant: z.enum(['original', 'thumbnail', 'poster']) });
export const deletedAssetResponse = z.object({ id: z.uuid(), deleted: z.literal(true), unlinked: z.number().int().describe('links removed: card links, pipeline entries and request attachments that pointed to it') });
export const receivedUploadResponse = z.object({ received: z.literal(true), size: z.number().int() });

export function presentAsset(view: AssetView): z.output<typeof assetResponse> {
  return view;
}
