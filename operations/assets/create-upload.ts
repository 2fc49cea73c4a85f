import { randomUUID } from 'node:crypto';
import { bytesInUse, insertPendingAsset, lockProjectForQuota } from '../../storage/assets.js';
import type { UploadTarget } from '../../storage/blobs/blob-store.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import type { AssetDeps } from './asset-deps.js';
import { assetKeyOf, stagingKeyOf } from './asset-keys.js';
import type { AcceptedType } from './asset-types.js';
import { storageQuotaOf } from '../billing/payments/plan-limits.js';

export interface CreateUploadInput {
  projectId: string;
  /** What the uploader calls the file: display text only. */
  name: string;
  type: AcceptedType;
  /** The file's size in bytes: the upload may carry at most this much. */
  size: number;
}

export interface CreatedUpload {
  uploadId: string;
  assetId: string;
  /** How to send the file: a presigned POST (S3) or a signed PUT (local disk). */
  upload: UploadTarget;
  maxBytes: number;
  expiresAt: string;
}

/**
 * Asks for an upload: checks the size against the limit and the project's quota (the announced
 * size is held against the quota until the upload completes or expires), records a pending asset,
 * and signs an upload to its staging key that accepts at most that many bytes of that type.
 */
export async function createUpload(deps: AssetDeps, caller: Caller, input: CreateUploadInput): Promise<Outcome<CreatedUpload>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.write');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const { maxBytes, uploadUrlTtlSeconds } = deps.settings;
  const projectQuotaBytes = await storageQuotaOf(deps.db, projectId, deps.settings.projectQuotaBytes);
  if (input.size > maxBytes) return fail('ASSET_TOO_LARGE', `A file may be at most ${maxBytes} bytes.`, { maxBytes, size: input.size });
  const assetId = randomUUID();
  const expiresAt = new Date(Date.now() + uploadUrlTtlSeconds * 1000);
  const principal = caller.principal;
  const created = await deps.db.transaction(async (tx) => {
    await lockProjectForQuota(tx, projectId);
    const used = await bytesInUse(tx, projectId);
    if (used + input.size > projectQuotaBytes) return { over: used } as const;
    await insertPendingAsset(tx, {
      id: assetId,
      projectId,
      uploaderUserId: principal.type === 'user' ? principal.user.id : null,
      uploaderApiKeyId: principal.type === 'apiKey' ? principal.apiKeyId : null,
      name: input.name,
      declaredType: input.type,
      declaredSize: input.size,
      storageKey: assetKeyOf(projectId, assetId),
      uploadExpiresAt: expiresAt,
    });
    return { over: null } as const;
  });
  if (created.over !== null) {
    return fail('ASSET_QUOTA_EXCEEDED', `This project's files would exceed its quota of ${projectQuotaBytes} bytes.`, { quotaBytes: projectQuotaBytes, usedBytes: created.over, size: input.size });
  }
  const upload = await deps.blobs.createUpload({ key: stagingKeyOf(projectId, assetId), contentType: input.type, maxBytes: input.size, expiresInSeconds: uploadUrlTtlSeconds });
  return ok({ uploadId: assetId, assetId, upload, maxBytes: input.size, expiresAt: expiresAt.toISOString() });
}
