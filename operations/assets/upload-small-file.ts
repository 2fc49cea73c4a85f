import type { Logger } from '../../platform/logger.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail } from '../outcome.js';
import { type AssetDeps, DEFAULT_MULTIPART_MAX_BYTES } from './asset-deps.js';
import { stagingKeyOf } from './asset-keys.js';
import { ACCEPTED_TYPE_NAMES, DETECTION_BYTES, detectType, isAcceptedType } from './asset-types.js';
import type { AssetView } from './asset.js';
import { completeUpload } from './complete-upload.js';
import { createUpload } from './create-upload.js';

export interface SmallFileInput {
  projectId: string;
  /** The file's name as sent: display text only. */
  name: string;
  /** The type the form part declared; absent or generic (application/octet-stream): taken from the bytes. */
  declaredType: string | undefined;
  bytes: Uint8Array;
}

/** What a form part says when it says nothing (curl's default, a browser that does not know the type). */
const GENERIC_TYPES = new Set(['', 'application/octet-stream']);

/**
 * A small file in one request (ASSET_MULTIPART_MAX_BYTES): asked for, stored and completed in one
 * go, through the same steps as the upload flow, so it meets every check of it (size limits and the
 * project's quota when asked for; size, type from its bytes and sha256 on complete) and its
 * processing is queued. Larger files are refused (413 ASSET_USE_UPLOAD_FLOW): they go through
 * the presigned upload, which keeps them off this process.
 */
export async function uploadSmallFile(deps: AssetDeps & { logger: Logger }, caller: Caller, input: SmallFileInput): Promise<Outcome<AssetView>> {
  const limit = deps.settings.multipartMaxBytes ?? DEFAULT_MULTIPART_MAX_BYTES;
  if (input.bytes.length > limit) return useUploadFlow(limit, input.bytes.length);
  if (input.bytes.length === 0) return fail('VALIDATION_FAILED', 'The file is empty.', [{ path: 'file', message: 'must not be empty' }]);
  const declared = (input.declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  const type = GENERIC_TYPES.has(declared) ? await detectType(input.bytes.subarray(0, DETECTION_BYTES)) : declared;
  if (type === null || !isAcceptedType(type)) {
    return fail('ASSET_TYPE_MISMATCH', `Files of type ${type ?? 'unknown'} are not accepted; send one of ${ACCEPTED_TYPE_NAMES.join(', ')}.`, { declaredType: declared || null, detectedType: type });
  }
  const created = await createUpload(deps, caller, { projectId: input.projectId, name: input.name, type, size: input.bytes.length });
  if (!created.ok) return created;
  const { uploadId } = created.value;
  await deps.blobs.put(stagingKeyOf(input.projectId.toLowerCase(), uploadId), input.bytes, { contentType: type });
  return completeUpload(deps, caller, { projectId: input.projectId, uploadId });
}

export function useUploadFlow(limit: number, size: number | null): ReturnType<typeof fail> {
  return fail('ASSET_USE_UPLOAD_FLOW', `Files over ${limit} bytes cannot be sent in one request: ask for an upload (POST /api/projects/:projectId/uploads), send the file there, then complete it.`, { maxBytes: limit, ...(size !== null ? { size } : {}) });
}
