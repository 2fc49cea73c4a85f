import type { NotificationHub } from '../../operations/notifications/notification-hub.js';
import type { AnyJob } from '../job.js';
import { fanOutEventsJob } from './fan-out-events.js';
import { pruneExpiredIdempotencyKeys } from './prune-idempotency-keys.js';

/** What jobs need besides the database, built where the process is composed. */
export interface JobDependencies {
  hub: NotificationHub;
}

/** Every job this codebase knows: each process declares their queues; the worker role runs them. */
export function allJobs(deps: JobDependencies) {
  const fanOut = fanOutEventsJob(deps.hub);
  return {
    fanOut,
    jobs: [fanOut, pruneExpiredIdempotencyKeys] as readonly AnyJob[],
    /** Jobs that run on a schedule (cron, UTC), once per slot across all workers. */
    scheduled: [{ job: pruneExpiredIdempotencyKeys as AnyJob, cron: '17 * * * *' }],
  };
}
