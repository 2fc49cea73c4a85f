import type { Queryable } from '../../platform/db/database.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { OperationDeps } from '../dependencies.js';

/** The limits uploads and downloads work within (ASSET_* and CDN_BASE_URL). */
export interface AssetSettings {
  maxBytes: number;
  projectQuotaBytes: number;
  uploadUrlTtlSeconds: number;
  downloadUrlTtlSeconds: number;
  cdnBaseUrl: string | undefined;
  /** ASSET_MULTIPART_MAX_BYTES: the largest file one multipart request may carry (10 MiB when not given). */
  multipartMaxBytes?: number | undefined;
}

export const DEFAULT_MULTIPART_MAX_BYTES = 10 * 1024 * 1024;

/** Asset operations also reach the blob store and ask for processing jobs. */
export interface AssetDeps extends OperationDeps {
  blobs: BlobStore;
  settings: AssetSettings;
  /** Enqueues processing of a verified upload, inside the caller's transaction. */
  requestProcessing(assetId: string, options: { in: Queryable }): Promise<void>;
}
