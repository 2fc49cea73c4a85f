import { z } from 'zod';
import { pruneIdempotencyKeys } from '../../storage/idempotency-keys.js';
import type { JobDefinition } from '../job.js';

/** Idempotency keys are replayed for a day; older ones only take space. Runs hourly. */
export const pruneExpiredIdempotencyKeys: JobDefinition<Record<string, never>> = {
  name: 'maintenance.prune-idempotency-keys',
  payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  async handle(_payload, { db, logger }) {
    logger.info({ deleted: await pruneIdempotencyKeys(db) }, 'pruned expired idempotency keys');
  },
};
