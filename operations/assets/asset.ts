import type { AssetStatus, StoredAsset } from '../../storage/assets.js';

/** An asset as every edge shows it; storage keys stay inside. */
export interface AssetView {
  id: string;
  projectId: string;
  name: string;
  declaredType: string;
  type: string | null;
  size: number | null;
  checksumSha256: string | null;
  status: AssetStatus;
  /** 0–100: how far along the file is (pending 0, uploaded 25, processing 50, ready or failed 100). */
  progress: number;
  reason: string | null;
  uploadedBy: { userId: string | null; apiKeyId: string | null };
  preview: { thumbnail: boolean; poster: boolean; width: number | null; height: number | null; durationSeconds: number | null };
  createdAt: string;
  updatedAt: string;
}

const PROGRESS: Record<AssetStatus, number> = { pending: 0, uploaded: 25, processing: 50, ready: 100, failed: 100 };

export function toAssetView(asset: StoredAsset): AssetView {
  return {
    id: asset.id,
    projectId: asset.projectId,
    name: asset.name,
    declaredType: asset.declaredType,
    type: asset.detectedType,
    size: asset.size,
    checksumSha256: asset.checksumSha256,
    status: asset.status,
    progress: PROGRESS[asset.status],
    reason: asset.reason,
    uploadedBy: { userId: asset.uploaderUserId, apiKeyId: asset.uploaderApiKeyId },
    preview: {
      thumbnail: asset.derived.thumbnailKey !== undefined,
      poster: asset.derived.posterKey !== undefined,
      width: asset.derived.width ?? null,
      height: asset.derived.height ?? null,
      durationSeconds: asset.derived.durationSeconds ?? null,
    },
    createdAt: asset.createdAt.toISOString(),
    updatedAt: asset.updatedAt.toISOString(),
  };
}

/** The file's bytes were verified and are kept: it can be downloaded (ready or not yet processed). */
export function hasVerifiedFile(asset: StoredAsset): boolean {
  return asset.status === 'uploaded' || asset.status === 'processing' || asset.status === 'ready' || (asset.status === 'failed' && asset.checksumSha256 !== null);
}
