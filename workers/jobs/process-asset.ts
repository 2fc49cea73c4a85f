import { z } from 'zod';
import { type ProcessingDeps, giveUpProcessing, processAsset } from '../../operations/assets/process-asset.js';
import { sweepAbandonedUploads } from '../../operations/assets/sweep-abandoned-uploads.js';
import type { Queryable } from '../../platform/db/database.js';
import type { JobDefinition } from '../job.js';
import type { JobQueue } from '../job-queue.js';

export type ProcessAssetPayload = { assetId: string };

/** What processing needs besides the database and the logger, which come with each job. */
export type AssetProcessingDeps = Omit<ProcessingDeps, 'db' | 'logger'>;

const RETRIES = 4;

/**
 * Previews of one uploaded asset. Stately with the asset as singleton key: at most one queued
 * and one running per asset. A worker killed mid-run misses its heartbeat and the job runs again;
 * `processAsset` picks the asset up where it was (`processing`) and only one run finishes it.
 */
export function processAssetJob(deps: AssetProcessingDeps | null): JobDefinition<ProcessAssetPayload> {
  return {
    name: 'assets.process',
    payload: z.object({ assetId: z.uuid() }).strict(),
    retry: { limit: RETRIES, delaySeconds: 10, backoff: true, maxDelaySeconds: 600 },
    expireInSeconds: 900,
    heartbeatSeconds: 10,
    policy: 'stately',
    async handle({ assetId }, { db, logger, retryCount }) {
      if (!deps) throw new Error('this process has no blob store configured for asset processing');
      const log = logger.child({ assetId });
      try {
        const result = await processAsset({ ...deps, db, logger: log }, assetId);
        log.info(result, 'asset processed');
      } catch (error) {
        // The last attempt: the asset says it failed instead of staying `processing`.
        if (retryCount >= RETRIES) await giveUpProcessing(db, assetId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
  };
}

/** Only names the queue and checks the payload, for processes that enqueue but do not run it. */
const PROCESS_JOB = processAssetJob(null);

export function requestAssetProcessing(queue: JobQueue): (assetId: string, options: { in: Queryable }) => Promise<void> {
  return async (assetId, options) => {
    await queue.send(PROCESS_JOB, { assetId }, { in: options.in, singletonKey: assetId });
  };
}

/** Uploads asked for and never completed are failed and their staging files removed. Every ten minutes. */
export function sweepAbandonedUploadsJob(deps: AssetProcessingDeps | null): JobDefinition<Record<string, never>> {
  return {
    name: 'assets.sweep-abandoned-uploads',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    async handle(_payload, { db, logger }) {
      if (!deps) throw new Error('this process has no blob store configured for asset processing');
      const swept = await sweepAbandonedUploads({ db, blobs: deps.blobs, logger });
      if (swept > 0) logger.info({ swept }, 'abandoned uploads swept');
    },
  };
}
