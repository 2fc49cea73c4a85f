import { z } from 'zod';
import { buildExport } from '../../operations/privacy/build-export.js';
import type { ExportDeps } from '../../operations/privacy/export-deps.js';
import { enforceRetention } from '../../operations/privacy/enforce-retention.js';
import { expireOldExports } from '../../operations/privacy/expire-exports.js';
import type { Queryable } from '../../platform/db/database.js';
import { failExport } from '../../storage/data-exports.js';
import { failErasure } from '../../storage/erasures.js';
import { type EraseDeps, erasePerson } from '../../operations/privacy/erase-person.js';
import type { JobDefinition } from '../job.js';
import type { JobQueue } from '../job-queue.js';

type Empty = Record<string, never>;
const empty = z.object({}).strict() as z.ZodType<Empty>;

/** What building exports needs besides the database and the logger, which come with each job. */
export type ExportBuildDeps = Omit<ExportDeps, 'db' | 'requestBuild' | 'downloadUrlTtlSeconds'>;

const RETRIES = 3;

/**
 * Builds one person's export archive. Stately with the export as singleton key; a worker killed
 * mid-build misses its heartbeat and the job runs again from the start (the export is `running`,
 * which `buildExport` picks up). The last failed attempt marks the export failed.
 */
export function buildExportJob(deps: ExportBuildDeps | null): JobDefinition<{ exportId: string }> {
  return {
    name: 'privacy.build-export',
    payload: z.object({ exportId: z.uuid() }).strict(),
    retry: { limit: RETRIES, delaySeconds: 30, backoff: true, maxDelaySeconds: 900 },
    expireInSeconds: 1_800,
    heartbeatSeconds: 15,
    policy: 'stately',
    async handle({ exportId }, { db, logger, retryCount }) {
      if (!deps) throw new Error('this process has no blob store configured for exports');
      const log = logger.child({ exportId });
      try {
        const outcome = await buildExport({ ...deps, db, logger: log }, exportId);
        log.info({ outcome }, 'export job done');
      } catch (error) {
        // The last attempt: the export says it failed (in words for its person: the cause, which may
        // name paths or hosts, is logged only), so a new one may be asked for.
        if (retryCount >= RETRIES) {
          log.error({ err: error }, 'export failed for good');
          await failExport(db, exportId, 'The archive could not be built. Please ask for a new export.');
        }
        throw error;
      }
    },
  };
}

const BUILD_JOB = buildExportJob(null);

export function requestExportBuild(queue: JobQueue): (exportId: string, options: { in: Queryable }) => Promise<void> {
  return async (exportId, options) => {
    await queue.send(BUILD_JOB, { exportId }, { in: options.in, singletonKey: exportId });
  };
}

/** Hourly: archives of exports past EXPORT_LINK_DAYS deleted, the exports marked expired. */
export function expireExportsJob(deps: ExportBuildDeps | null): JobDefinition<Empty> {
  return {
    name: 'privacy.expire-exports',
    payload: empty,
    retry: { limit: 2, delaySeconds: 120, backoff: true },
    async handle(_payload, { db, logger }) {
      if (!deps) throw new Error('this process has no blob store configured for exports');
      const expired = await expireOldExports({ db, blobs: deps.blobs, logger });
      if (expired > 0) logger.info({ expired }, 'expired data exports');
    },
  };
}

/** Daily: each project's audit records, notifications and raw analytics events past its retention. */
export const enforceRetentionJob: JobDefinition<Empty> = {
  name: 'privacy.enforce-retention',
  payload: empty,
  retry: { limit: 2, delaySeconds: 300, backoff: true },
  expireInSeconds: 3_600,
  async handle(_payload, { db, logger }) {
    logger.info(await enforceRetention({ db, logger }), 'enforced project retention');
  },
};

/** What running erasures needs besides the database and the logger: the document server of this process (null: none here). */
export type ErasureRunDeps = Omit<EraseDeps, 'db' | 'logger'>;

const ERASE_RETRIES = 5;

/**
 * Runs one erasure. Stately per erasure; it needs the document server (it resets live documents),
 * so a process without one fails the job and it is retried. An erasure is never left half-done
 * silently: the last failed attempt marks it failed (an admin may ask again).
 */
export function eraseJob(deps: () => ErasureRunDeps | null): JobDefinition<{ erasureId: string }> {
  return {
    name: 'privacy.erase',
    payload: z.object({ erasureId: z.uuid() }).strict(),
    retry: { limit: ERASE_RETRIES, delaySeconds: 10, backoff: true, maxDelaySeconds: 600 },
    expireInSeconds: 3_600,
    heartbeatSeconds: 30,
    policy: 'stately',
    async handle({ erasureId }, { db, logger, retryCount }) {
      const services = deps();
      if (!services) throw new Error('this process serves no documents: erasures run where documents are served');
      const log = logger.child({ erasureId });
      try {
        log.info({ outcome: await erasePerson({ ...services, db, logger: log }, erasureId) }, 'erasure job done');
      } catch (error) {
        if (retryCount >= ERASE_RETRIES) {
          log.error({ err: error }, 'erasure failed for good');
          await failErasure(db, erasureId, 'The erasure could not be completed; an instance admin can ask for it again.');
        }
        throw error;
      }
    },
  };
}

const ERASE_JOB = eraseJob(() => null);

export function requestErasureRun(queue: JobQueue): (erasureId: string, options: { in: Queryable }) => Promise<void> {
  return async (erasureId, options) => {
    await queue.send(ERASE_JOB, { erasureId }, { in: options.in, singletonKey: erasureId });
  };
}
