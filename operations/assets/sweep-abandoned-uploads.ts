import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { failAbandonedUploads } from '../../storage/assets.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { stagingKeyOf } from './asset-keys.js';

/** A completion may come a while after the URL expired (the file arrived in time); past this, the upload is abandoned. */
export const ABANDONED_AFTER_SECONDS = 3_600;
const BATCH = 200;

/**
 * Uploads asked for and never completed: marked failed (they stopped counting against the quota
 * when their URL expired) and whatever reached their staging key removed, so half-finished
 * uploads do not pile up in the store.
 */
export async function sweepAbandonedUploads(deps: { db: Database; blobs: BlobStore; logger: Logger }): Promise<number> {
  let swept = 0;
  for (;;) {
    const abandoned = await failAbandonedUploads(deps.db, { graceSeconds: ABANDONED_AFTER_SECONDS, limit: BATCH });
    for (const upload of abandoned) {
      // A file left behind costs storage, not correctness: log it and go on with the rest.
      await deps.blobs.delete(stagingKeyOf(upload.projectId, upload.id)).catch((error: unknown) => deps.logger.warn({ err: error, assetId: upload.id }, 'could not remove an abandoned upload’s file'));
    }
    swept += abandoned.length;
    if (abandoned.length < BATCH) return swept;
  }
}
