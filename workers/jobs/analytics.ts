import { z } from 'zod';
import { type AnalyticsRetention, pruneAnalytics } from '../../operations/analytics/prune-analytics.js';
import { rollUp } from '../../operations/analytics/roll-up.js';
import { routineWindows } from '../../operations/analytics/rollup-windows.js';
import { type ReportSending, sendDueReports } from '../../operations/analytics/send-due-reports.js';
import type { JobDefinition } from '../job.js';

type Empty = Record<string, never>;
const empty = z.object({}).strict() as z.ZodType<Empty>;

/** Every five minutes: the recent hours and days recomputed from raw events and the change feed. */
export function rollUpAnalyticsJob(dashboardsChanged: (projectIds: readonly string[]) => Promise<void>): JobDefinition<Empty> {
  return {
    name: 'analytics.roll-up',
    payload: empty,
    retry: { limit: 2, delaySeconds: 30, backoff: true },
    expireInSeconds: 600,
    async handle(_payload, { db, logger }) {
      const { rows, projectIds } = await rollUp(db, routineWindows(new Date()));
      await dashboardsChanged(projectIds);
      logger.debug({ rows, projects: projectIds.length }, 'rolled up analytics');
    },
  };
}

/** Daily: raw events and hourly rollups past ANALYTICS_RAW_RETENTION_DAYS, daily rollups past ANALYTICS_ROLLUP_RETENTION_DAYS. */
export function pruneAnalyticsJob(retention: AnalyticsRetention): JobDefinition<Empty> {
  return {
    name: 'analytics.prune',
    payload: empty,
    retry: { limit: 2, delaySeconds: 300, backoff: true },
    async handle(_payload, { db, logger }) {
      logger.info({ ...(await pruneAnalytics(db, retention)), ...retention }, 'pruned analytics past retention');
    },
  };
}

/** What sending reports needs besides the database: SMTP, and where the dashboard is. */
export type ReportSettings = Omit<ReportSending, 'db' | 'logger'>;

/** Hourly: the weekly and monthly reports that are due, by email (nothing without SMTP). */
export function sendReportsJob(settings: () => ReportSettings | null): JobDefinition<Empty> {
  return {
    name: 'analytics.send-reports',
    payload: empty,
    retry: { limit: 2, delaySeconds: 120, backoff: true },
    expireInSeconds: 1_800,
    async handle(_payload, { db, logger }) {
      const reports = settings();
      if (!reports) return;
      const outcome = await sendDueReports({ ...reports, db, logger });
      if (outcome.sent + outcome.ended + outcome.failed > 0) logger.info(outcome, 'sent scheduled reports');
    },
  };
}
