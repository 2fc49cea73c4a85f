/** What the REST API answers about uploaded files (rest/assets/schemas.ts), as the browser reads it. */

export type AssetStatus = 'pending' | 'uploaded' | 'processing' | 'ready' | 'failed';
export type PreviewVariant = 'thumbnail' | 'poster';

export interface AssetView {
  id: string;
  projectId: string;
  name: string;
  declaredType: string;
  /** What the file's bytes say it is; null until the upload is completed. */
  type: string | null;
  size: number | null;
  checksumSha256: string | null;
  status: AssetStatus;
  /** 0–100, the server's own measure (pending 0, uploaded 25, processing 50, ready or failed 100). */
  progress: number;
  reason: string | null;
  uploadedBy: { userId: string | null; apiKeyId: string | null };
  preview: { thumbnail: boolean; poster: boolean; width: number | null; height: number | null; durationSeconds: number | null };
  createdAt: string;
  updatedAt: string;
}

/** Where and how to send the file: S3's presigned POST, or the app's own signed PUT on local disk. */
export type UploadTarget =
  | { method: 'POST'; url: string; fields: Record<string, string>; expiresAt: string }
  | { method: 'PUT'; url: string; headers: Record<string, string>; expiresAt: string };

export interface CreatedUpload {
  uploadId: string;
  assetId: string;
  upload: UploadTarget;
  maxBytes: number;
  expiresAt: string;
}

export interface SignedDownload {
  url: string;
  expiresAt: string;
}

/** One place a file is attached, as a 409 ASSET_IN_USE lists it (operations/assets/delete-asset.ts). */
export type AssetLink =
  | {
      kind: 'pipeline-item';
      pipelineId: string;
      /** The item's REST id (`<projectId>.<pipelineId>.<itemId>`). */
      ownerId: string;
      entryId: string;
    }
  | { kind: 'card'; boardId: string; taskId: string; title: string }
  | { kind: 'request'; requestId: string; title: string };

/** The statuses after which nothing changes by itself. */
export const isSettled = (status: AssetStatus) => status === 'ready' || status === 'failed';

/** Whether the file's bytes were verified and kept, so it can be downloaded (as the server's `hasVerifiedFile`). */
export const isDownloadable = (asset: AssetView) => asset.status === 'uploaded' || asset.status === 'processing' || asset.status === 'ready' || (asset.status === 'failed' && asset.checksumSha256 !== null);

/** The small preview to show, if processing made one: the thumbnail (images, and videos' posters scaled), else the poster. */
export function previewVariantOf(asset: AssetView): PreviewVariant | null {
  if (asset.status !== 'ready') return null;
  if (asset.preview.thumbnail) return 'thumbnail';
  return asset.preview.poster ? 'poster' : null;
}
