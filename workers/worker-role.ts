import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { ALL_JOBS, SCHEDULED } from './jobs/index.js';
import { JobQueue } from './job-queue.js';

export interface Jobs {
  queue: JobQueue;
  /** Declares the queues (every process sends jobs) and, in the worker role, runs them and the schedule. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createJobs(config: Config, db: Database, logger: Logger): Jobs {
  const runs = config.roles.has('worker');
  const log = logger.child({ role: runs ? 'worker' : 'jobs' });
  const queue = new JobQueue(db, log, { schema: config.worker.schema, maintain: runs, retentionDays: config.worker.jobRetentionDays });
  let started = false;
  return {
    queue,
    async start() {
      started = true;
      await queue.start(ALL_JOBS);
      if (!runs) return;
      await queue.work(ALL_JOBS, { concurrency: config.worker.concurrency, pollIntervalMs: config.worker.pollIntervalMs });
      for (const { job, cron } of SCHEDULED) await queue.schedule(job, cron);
    },
    // A process that never got as far as starting the queue (its database never answered) has nothing to stop.
    stop: async () => {
      if (started) await queue.stop(Math.max(1_000, Math.floor(config.shutdownTimeoutMs / 2)));
    },
  };
}
