import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { registerJob } from './job.js';
import { pruneFinishedJobs } from './jobs/prune-finished-jobs.js';
import { pruneExpiredIdempotencyKeys } from './jobs/prune-idempotency-keys.js';
import { JobRunner } from './runner.js';

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** The worker role: every job this codebase knows, run from the shared queue. */
export function createWorker(config: Config, db: Database, logger: Logger): JobRunner {
  const prune = pruneFinishedJobs(config.worker.jobRetentionDays);
  return new JobRunner({
    db,
    logger: logger.child({ role: 'worker' }),
    jobs: [registerJob(prune), registerJob(pruneExpiredIdempotencyKeys)],
    recurring: [
      { job: prune, everyMs: PRUNE_EVERY_MS },
      { job: pruneExpiredIdempotencyKeys, everyMs: PRUNE_EVERY_MS },
    ],
    concurrency: config.worker.concurrency,
    pollIntervalMs: config.worker.pollIntervalMs,
  });
}
