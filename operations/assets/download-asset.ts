import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireAsset } from './asset-access.js';
import type { AssetDeps } from './asset-deps.js';
import { hasVerifiedFile } from './asset.js';

export type DownloadVariant = 'original' | 'thumbnail' | 'poster';

export interface AssetDownload {
  url: string;
  expiresAt: string;
  variant: DownloadVariant;
}

/**
 * A short-lived signed URL for the asset's file or one of its previews: S3's presigned GET, or
 * the app's own signed URL on local disk; through CDN_BASE_URL when one is configured. Any member
 * may download; nobody gets a lasting public link.
 */
export async function downloadAsset(deps: AssetDeps, caller: Caller, input: { projectId: string; assetId: string; variant: DownloadVariant }): Promise<Outcome<AssetDownload>> {
  const found = await requireAsset(deps.db, caller, input, 'assets.read');
  if (!found.ok) return found;
  const { asset } = found.value;
  if (!hasVerifiedFile(asset)) return fail('ASSET_NOT_READY', `The asset is ${asset.status}: there is no verified file to download.`);
  const target =
    input.variant === 'original'
      ? { key: asset.storageKey, contentType: asset.detectedType ?? asset.declaredType, fileName: asset.name }
      : input.variant === 'thumbnail'
        ? asset.derived.thumbnailKey && { key: asset.derived.thumbnailKey, contentType: 'image/webp', fileName: `${asset.name}.thumbnail.webp` }
        : asset.derived.posterKey && { key: asset.derived.posterKey, contentType: 'image/webp', fileName: `${asset.name}.poster.webp` };
  if (!target) return fail('NOT_FOUND', `This asset has no ${input.variant}${asset.status === 'ready' ? '' : ' yet'}.`);
  const expiresInSeconds = deps.settings.downloadUrlTtlSeconds;
  const signed = await deps.blobs.downloadUrl({ ...target, expiresInSeconds });
  return ok({ url: throughCdn(signed, target.key, deps.settings.cdnBaseUrl), expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(), variant: input.variant });
}

/**
 * The signed URL with the CDN in front: its origin (and the bucket, for path-style S3 URLs) is
 * replaced by CDN_BASE_URL and the signed query kept, so the CDN must pass the query on to the
 * origin (and present the origin's Host for S3 signatures to hold).
 */
export function throughCdn(signed: string, key: string, cdnBaseUrl: string | undefined): string {
  if (!cdnBaseUrl) return signed;
  const url = new URL(signed);
  const at = url.pathname.indexOf(`/${key}`);
  const path = at >= 0 ? url.pathname.slice(at) : url.pathname;
  return `${cdnBaseUrl}${path}${url.search}`;
}
