import type { Config } from '../platform/config.js';
import type { Database, Queryable } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { type JobDependencies, allJobs } from './jobs/index.js';
import { JobQueue } from './job-queue.js';

export interface Jobs {
  queue: JobQueue;
  /** Hands a batch's committed events on, inside the batch's transaction. */
  publishEvents(tx: Queryable, eventIds: string[]): Promise<void>;
  /** Declares the queues (every process sends jobs) and, in the worker role, runs them and the schedule. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createJobs(config: Config, db: Database, logger: Logger, deps: JobDependencies, metrics?: Metrics): Jobs {
  const { jobs, scheduled, atStart, repeating, fanOut } = allJobs(deps);
  const runs = config.roles.has('worker');
  const log = logger.child({ role: runs ? 'worker' : 'jobs' });
  const queue = new JobQueue(db, log, { schema: config.worker.schema, maintain: runs, retentionDays: config.worker.jobRetentionDays, superviseIntervalSeconds: config.worker.superviseIntervalSeconds, notify: config.worker.listenNotify, ...(metrics ? { metrics } : {}) });
  let started = false;
  const timers: NodeJS.Timeout[] = [];
  return {
    queue,
    async publishEvents(tx, eventIds) {
      await queue.send(fanOut, { eventIds }, { in: tx });
    },
    async start() {
      started = true;
      await queue.start(jobs);
      if (!runs) return;
      await queue.work(jobs, { concurrency: config.worker.concurrency, pollIntervalMs: config.worker.pollIntervalMs, idlePollIntervalMs: config.worker.idlePollIntervalMs, batchSize: config.worker.batchSize });
      for (const { job, cron } of scheduled) await queue.schedule(job, cron);
      for (const job of atStart) await queue.send(job, {});
      for (const { job, singletonKey, everySeconds } of repeating) {
        const timer = setInterval(() => {
          queue.send(job, {}, { singletonKey }).catch((error: unknown) => log.warn({ err: error, job: job.name }, 'could not send a repeating job'));
        }, everySeconds * 1000);
        timer.unref();
        timers.push(timer);
      }
    },
    // A process that never got as far as starting the queue (its database never answered) has nothing to stop.
    stop: async () => {
      timers.splice(0).forEach(clearInterval);
      if (started) await queue.stop(Math.max(1_000, Math.floor(config.shutdownTimeoutMs / 2)));
    },
  };
}
