import type { AnyJob } from '../job.js';
import { pruneExpiredIdempotencyKeys } from './prune-idempotency-keys.js';

/** Every job this codebase knows: each process declares their queues; the worker role runs them. */
export const ALL_JOBS: readonly AnyJob[] = [pruneExpiredIdempotencyKeys as AnyJob];

/** Jobs that run on a schedule (cron, UTC), once per slot across all workers. */
export const SCHEDULED: readonly { job: AnyJob; cron: string }[] = [{ job: pruneExpiredIdempotencyKeys as AnyJob, cron: '17 * * * *' }];
