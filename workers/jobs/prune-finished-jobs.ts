import { z } from 'zod';
import { exponentialBackoff, type JobDefinition } from '../job.js';

/** Keeps the jobs table small: finished jobs older than the retention period are deleted. */
export function pruneFinishedJobs(retentionDays: number): JobDefinition<Record<string, never>> {
  return {
    name: 'maintenance.prune-finished-jobs',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    maxAttempts: 3,
    backoffMs: exponentialBackoff(60_000),
    async handle(_payload, { db, logger }) {
      const result = await db.query(
        `DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < now() - make_interval(days => $1)`,
        [retentionDays],
      );
      logger.info({ deleted: result.rowCount, retentionDays }, 'pruned finished jobs');
    },
  };
}
