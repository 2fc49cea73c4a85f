import { z } from 'zod';
import { pruneVersions } from '../../storage/document-versions.js';
import type { JobDefinition } from '../job.js';

/** Automatic history checkpoints past HISTORY_RETENTION_DAYS go; named versions stay. Runs hourly. */
export function pruneDocumentVersionsJob(retentionDays: number): JobDefinition<Record<string, never>> {
  return {
    name: 'maintenance.prune-document-versions',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    async handle(_payload, { db, logger }) {
      logger.info({ deleted: await pruneVersions(db, retentionDays), retentionDays }, 'pruned old history checkpoints');
    },
  };
}
