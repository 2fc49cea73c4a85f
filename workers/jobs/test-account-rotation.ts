import { z } from 'zod';
import { destinationFetch } from '../../operations/integrations/guarded-fetch.js';
import { rotateDueAccounts } from '../../operations/test-accounts/rotate-due-accounts.js';
import type { Vault } from '../../platform/vault.js';
import type { JobDefinition } from '../job.js';

export interface TestAccountRotationSettings {
  vault: Vault;
  allowPrivateUrls: boolean;
  graceHours: number;
}

/**
 * Each minute (cron, once per slot across workers): the test accounts whose rotation policy is
 * due. Accounts are claimed one lease at a time, so a retried or doubled run does not rotate one
 * twice; a run that fails is retried by the next slot anyway.
 */
export function testAccountRotationJob(settings: () => TestAccountRotationSettings | null): JobDefinition<Record<string, never>> {
  return {
    name: 'test-accounts.rotate',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    retry: { limit: 1, delaySeconds: 30, backoff: false },
    expireInSeconds: 300,
    async handle(_payload, { db, logger }) {
      const current = settings();
      if (!current) return;
      const report = await rotateDueAccounts({ db, vault: current.vault, fetch: destinationFetch(current.allowPrivateUrls), graceHours: current.graceHours, logger });
      if (report.rotated + report.reminded + report.failed > 0) logger.info(report, 'test account rotation pass');
    },
  };
}
