import { createHash } from 'node:crypto';
import type { Logger } from '../../platform/logger.js';
import { type StoredAsset, findAsset, markUploadRefused, markUploaded } from '../../storage/assets.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { isUploader, requireAsset } from './asset-access.js';
import type { AssetDeps } from './asset-deps.js';
import { stagingKeyOf } from './asset-keys.js';
import { DETECTION_BYTES, detectType, isAcceptedType } from './asset-types.js';
import { type AssetView, toAssetView } from './asset.js';
import { checkProjectQuota, quotaText } from './project-quota.js';

/**
 * Finishes an upload: moves the file from the staging key (which the client could still write
 * to until its URL expires) to the asset key (which only we write), then checks what is there:
 * its size against what was announced, its type from its first bytes against what was declared,
 * its sha256, and the project's quota. A file that fails a check is removed and the asset marked
 * failed with the reason; one that passes is `uploaded` and its processing is queued in the same
 * transaction. Completing twice answers the asset as it is.
 */
export async function completeUpload(deps: AssetDeps & { logger: Logger }, caller: Caller, input: { projectId: string; uploadId: string }): Promise<Outcome<AssetView>> {
  const found = await requireAsset(deps.db, caller, { projectId: input.projectId, assetId: input.uploadId }, 'assets.write');
  if (!found.ok) return found;
  const { asset } = found.value;
  // Someone else's upload is as unknown to the caller as another project's.
  if (!isUploader(asset, caller.principal)) return fail('NOT_FOUND', 'No such asset.');
  if (asset.status !== 'pending') return ok(toAssetView(asset));

  const moved = await deps.blobs.move(stagingKeyOf(asset.projectId, asset.id), asset.storageKey);
  const info = await deps.blobs.head(asset.storageKey);
  // Not moved and nothing at the asset key: nothing arrived (a racing complete may have moved it: then it is there).
  if (!info) return fail('UPLOAD_NOT_RECEIVED', 'The file has not arrived in storage yet: upload it first, then complete.');
  if (!moved) deps.logger.debug({ assetId: asset.id }, 'upload already moved by an earlier complete');

  const refuse = async (code: 'ASSET_TOO_LARGE' | 'ASSET_TYPE_MISMATCH' | 'ASSET_QUOTA_EXCEEDED', message: string, details: Record<string, unknown>, detectedType: string | null = null) => {
    await deps.blobs.delete(asset.storageKey);
    await markUploadRefused(deps.db, asset.id, message, detectedType);
    return fail(code, message, details);
  };

  if (info.size > asset.declaredSize || info.size > deps.settings.maxBytes) {
    return refuse('ASSET_TOO_LARGE', `The file is ${info.size} bytes, more than the ${asset.declaredSize} announced.`, { size: info.size, declaredSize: asset.declaredSize });
  }
  const detected = await detectType((await deps.blobs.readStart(asset.storageKey, DETECTION_BYTES)) ?? new Uint8Array());
  if (detected !== asset.declaredType) {
    const what = detected === null ? 'of no type we recognise' : isAcceptedType(detected) ? detected : `${detected}, which is not accepted`;
    return refuse('ASSET_TYPE_MISMATCH', `The file was declared ${asset.declaredType} but its contents are ${what}.`, { declaredType: asset.declaredType, detectedType: detected }, detected);
  }
  const checksum = await sha256Of(deps.blobs, asset.storageKey);

  const outcome = await deps.db.transaction(async (tx) => {
    const over = await checkProjectQuota(tx, deps.settings, asset.projectId, info.size, { except: asset.id });
    if (over) return { over } as const;
    const uploaded = await markUploaded(tx, asset.id, { detectedType: detected, size: info.size, checksumSha256: checksum });
    if (uploaded) await deps.requestProcessing(asset.id, { in: tx });
    return { over: null, uploaded } as const;
  });
  if (outcome.over) return refuse('ASSET_QUOTA_EXCEEDED', quotaText(outcome.over), { ...outcome.over, size: info.size });
  const current: StoredAsset | null = outcome.uploaded ?? (await findAsset(deps.db, asset.projectId, asset.id));
  if (!current) return fail('NOT_FOUND', 'No such asset.');
  return ok(toAssetView(current));
}

/** Streams the stored file through sha256: large files never sit in memory. */
async function sha256Of(blobs: BlobStore, key: string): Promise<string> {
  const body = await blobs.openRead(key);
  if (!body) throw new Error(`asset file ${key} vanished while it was being verified`);
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}
