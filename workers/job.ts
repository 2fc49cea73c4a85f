import type { z } from 'zod';
import type { Database, Queryable } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';

export interface JobContext {
  db: Database;
  logger: Logger;
  jobId: string;
  /** 0 on the first run, then how many times it was retried. */
  retryCount: number;
  /** Sends a follow-up job (pass `in` to make it part of a transaction of yours). */
  enqueue<Payload>(job: JobDefinition<Payload>, payload: Payload, options?: { in?: Queryable; singletonKey?: string; startAfter?: Date | number }): Promise<string | null>;
}

/** How a job is retried: pg-boss's queue options, in our words. */
export interface RetryPolicy {
  /** Runs after the first (so `limit: 4` is five attempts in all). */
  limit: number;
  /** Seconds before the first retry; doubled each time, with jitter, when `backoff`. */
  delaySeconds: number;
  backoff: boolean;
  maxDelaySeconds?: number;
}

export interface JobDefinition<Payload> {
  /** Stable queue name stored with each job; renaming one strands queued jobs. */
  name: string;
  payload: z.ZodType<Payload>;
  retry: RetryPolicy;
  /** Longest one run may take before it counts as failed (its worker died): then it is retried. */
  expireInSeconds?: number;
  /**
   * A running job refreshes its heartbeat every half of this; one that misses it (its worker was
   * killed) is failed at the next supervision pass and retried, long before `expireInSeconds`.
   * At least 10.
   */
  heartbeatSeconds?: number;
  /** `stately`: at most one queued and one running job per singleton key (a destination's batches). */
  policy?: 'standard' | 'stately';
  /** Must be safe to run twice for one job: delivery is at least once. */
  handle(payload: Payload, context: JobContext): Promise<void>;
}

/** A definition with its payload type erased, so one list can hold them all (payloads are validated at both ends). */
export type AnyJob = JobDefinition<unknown>;

export class InvalidJobPayloadError extends Error {
  constructor(jobName: string, detail: string) {
    super(`payload of job ${jobName} is invalid: ${detail}`);
    this.name = 'InvalidJobPayloadError';
  }
}

/** The name of the queue a job's payload lands in once it has failed for good. */
export function deadLetterOf(name: string): string {
  return `${name}.dead`;
}
