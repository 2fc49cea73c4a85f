import { z } from 'zod';
import { pruneIdempotencyKeys } from '../../storage/idempotency-keys.js';
import { exponentialBackoff, type JobDefinition } from '../job.js';

/** Idempotency keys are replayed for a day; older ones only take space. */
export const pruneExpiredIdempotencyKeys: JobDefinition<Record<string, never>> = {
  name: 'maintenance.prune-idempotency-keys',
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  maxAttempts: 3,
  backoffMs: exponentialBackoff(60_000),
  async handle(_payload, { db, logger }) {
    logger.info({ deleted: await pruneIdempotencyKeys(db) }, 'pruned expired idempotency keys');
  },
};
