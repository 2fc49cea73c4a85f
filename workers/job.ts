import type { z } from 'zod';
import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';

export interface JobContext {
  db: Database;
  logger: Logger;
  jobId: string;
  attempt: number;
}

export interface JobDefinition<Payload> {
  /** Stable name stored with each job; renaming one strands queued jobs. */
  name: string;
  payload: z.ZodType<Payload>;
  maxAttempts: number;
  /** Delay before retry number `attempt + 1`. */
  backoffMs(attempt: number): number;
  /** Must be safe to run twice for one job: delivery is at least once. */
  handle(payload: Payload, context: JobContext): Promise<void>;
}

/** A definition with its payload type erased behind validation, so one registry can hold them all. */
export interface RegisteredJob {
  name: string;
  maxAttempts: number;
  backoffMs(attempt: number): number;
  run(rawPayload: unknown, context: JobContext): Promise<void>;
}

export class InvalidJobPayloadError extends Error {
  constructor(jobName: string, detail: string) {
    super(`payload of job ${jobName} is invalid: ${detail}`);
    this.name = 'InvalidJobPayloadError';
  }
}

export function registerJob<Payload>(definition: JobDefinition<Payload>): RegisteredJob {
  return {
    name: definition.name,
    maxAttempts: definition.maxAttempts,
    backoffMs: definition.backoffMs,
    async run(rawPayload, context) {
      const parsed = definition.payload.safeParse(rawPayload);
      if (!parsed.success) throw new InvalidJobPayloadError(definition.name, parsed.error.message);
      await definition.handle(parsed.data, context);
    },
  };
}

/** Exponential backoff with a ceiling: 1 s, 2 s, 4 s … up to `maxMs`. */
export function exponentialBackoff(baseMs = 1_000, maxMs = 300_000): (attempt: number) => number {
  return (attempt) => Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
