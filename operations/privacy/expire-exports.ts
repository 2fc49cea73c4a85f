import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { dueExports, markExpired } from '../../storage/data-exports.js';

const BATCH = 200;

/**
 * Finished exports past their link's expiry: the archive deleted, then the export marked expired
 * (its link answered 404 from the moment it expired). An archive that could not be deleted stays
 * due, so the next pass tries again.
 */
export async function expireOldExports(deps: { db: Database; blobs: BlobStore; logger: Logger }, now = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const batch = await dueExports(deps.db, now, BATCH);
    let failed = 0;
    for (const item of batch) {
      try {
        if (item.storageKey) await deps.blobs.delete(item.storageKey);
        await markExpired(deps.db, item.id);
        expired += 1;
      } catch (error) {
        failed += 1;
        deps.logger.warn({ err: error, exportId: item.id }, 'could not delete an expired export archive; retried next pass');
      }
    }
    if (batch.length < BATCH || failed > 0) return expired;
  }
}
