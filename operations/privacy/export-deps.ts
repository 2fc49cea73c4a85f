import type { Database, Queryable } from '../../platform/db/database.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';

/** What data exports need besides the caller: built where the process is composed. */
export interface ExportDeps {
  db: Database;
  blobs: BlobStore;
  /** EXPORT_LINK_DAYS: how long a finished archive can be downloaded. */
  linkDays: number;
  /** EXPORT_MAX_FILE_BYTES: bytes of uploaded files one archive carries. */
  maxFileBytes: number;
  /** How long one signed download URL lives (ASSET_DOWNLOAD_URL_TTL_SECONDS). */
  downloadUrlTtlSeconds: number;
  /** Queues the build of an export in the caller's transaction (a pg-boss job). */
  requestBuild(exportId: string, options: { in: Queryable }): Promise<void>;
}
