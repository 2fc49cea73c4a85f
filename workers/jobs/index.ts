import { pruneDocumentVersionsJob } from './prune-document-versions.js';
import type { Channels } from '../../operations/deliveries/channel.js';
import { type DeliveryPlanner, integrationPlanner } from '../../operations/deliveries/plan-deliveries.js';
import type { NotificationHub } from '../../operations/notifications/notification-hub.js';
import type { AnyJob } from '../job.js';
import type { GoogleCalendarDeps } from '../../operations/google-calendar/google-deps.js';
import type { AnalyticsRetention } from '../../operations/analytics/prune-analytics.js';
import { type ReportSettings, pruneAnalyticsJob, rollUpAnalyticsJob, sendReportsJob } from './analytics.js';
import { fanOutEventsJob } from './fan-out-events.js';
import type { AiProvider } from '../../operations/ai/ai-provider.js';
import { analyseFeedbackJob } from './analyse-feedback.js';
import { googleCalendarScheduleJob, googleCalendarSyncJob } from './google-calendar.js';
import { type AssetProcessingDeps, processAssetJob, sweepAbandonedUploadsJob } from './process-asset.js';
import { type KnowledgeIndexingDeps, indexKnowledgeJob } from './index-knowledge-document.js';
import { pruneExpiredIdempotencyKeys } from './prune-idempotency-keys.js';
import { sendDeliveriesJob } from './send-deliveries.js';
import { sweepDeliveriesJob } from './sweep-deliveries.js';
import { milestoneInvoicesJob } from './milestone-invoices.js';
import type { InvoiceConfig } from '../../platform/config.js';
import { type TestAccountRotationSettings, testAccountRotationJob } from './test-account-rotation.js';
// --- privacy ---
import { type ErasureRunDeps, type ExportBuildDeps, buildExportJob, enforceRetentionJob, eraseJob, expireExportsJob } from './privacy.js';
// --- end privacy ---
// --- billing (payments) ---
import { billingReconcileJob } from './billing-reconcile.js';
import { billingReceiptJob } from './billing-receipt.js';
import type { PaymentServices } from '../../operations/billing/payments/payment-services.js';
// --- end billing (payments) ---

/** What jobs need besides the database, built where the process is composed. */
export interface JobDependencies {
  hub: NotificationHub;
  /** The channels events are delivered through (Discord, Slack, JIRA, email), by kind. */
  channels: Channels;
  /** Who gets deliveries besides the project's integrations (email to the people concerned). */
  planners?: readonly DeliveryPlanner[];
  /** The first retry's delay of a failed delivery (DELIVERY_BACKOFF_BASE_MS); 2 s when absent. */
  backoffBaseMs?: number;
  /** Google Calendar sync's dependencies, once the process has them (null: Google is not configured or documents are not served here). */
  googleCalendar?: () => GoogleCalendarDeps | null;
  /** How often linked calendars are scanned for what is due (GOOGLE_CALENDAR_SCAN_SECONDS); absent: never (Google is not configured). */
  calendarScanSeconds?: number;
  /** The test-accounts vault's rotation pass (its master keys, the URL rules, the grace period); absent: the pass does nothing. */
  testAccounts?: TestAccountRotationSettings;
  /** Days automatic history checkpoints are kept (HISTORY_RETENTION_DAYS); 30 when absent. */
  historyRetentionDays?: number;
  /** The blob store and limits asset processing works with (absent: its jobs fail and are retried elsewhere). */
  assets?: AssetProcessingDeps;
  /** How long raw analytics events and rollups are kept (ANALYTICS_*_RETENTION_DAYS); 90 and 730 days when absent. */
  analytics?: AnalyticsRetention;
  /** Drops cached dashboard answers of these projects and tells open dashboards (after each rollup pass). */
  dashboardsChanged?: (projectIds: readonly string[]) => Promise<void>;
  /** The language model, when one is configured (feedback analysis does nothing without it). */
  ai?: () => AiProvider | null;
  /** SMTP and the public URL for scheduled activity reports (absent: none are sent). */
  reports?: ReportSettings;
  /** The seller and tax table milestone invoices are made with (absent: that job fails and is retried elsewhere). */
  invoices?: InvoiceConfig;
  /** Stripe and receipts for the daily reconciliation (absent: the pass does nothing). */
  payments?: () => PaymentServices | null;
  /** The blob store and limits personal data exports are built with (absent: their jobs fail and are retried elsewhere). */
  exports?: ExportBuildDeps;
  /** The blob store and provider knowledge indexing works with (absent: its jobs fail and are retried elsewhere). */
  knowledge?: KnowledgeIndexingDeps;
  /** The document server and access events erasures work with, once the process has them (null: erasures are retried elsewhere). */
  erasure?: () => ErasureRunDeps | null;
}

/** Every job this codebase knows: each process declares their queues; the worker role runs them. */
export function allJobs(deps: JobDependencies) {
  const send = sendDeliveriesJob(deps.channels, deps.backoffBaseMs !== undefined ? { backoffBaseMs: deps.backoffBaseMs } : {});
  const google = deps.googleCalendar ?? (() => null);
  const calendarSync = googleCalendarSyncJob(google);
  const calendarSchedule = googleCalendarScheduleJob(google, calendarSync) as AnyJob;
  const milestones = milestoneInvoicesJob(() => deps.invoices ?? null);
  const fanOut = fanOutEventsJob({ hub: deps.hub, channels: deps.channels, planners: [integrationPlanner, ...(deps.planners ?? [])], send, calendarSync, milestones });
  const sweep = sweepDeliveriesJob(deps.channels, send) as AnyJob;
  const rotation = testAccountRotationJob(() => deps.testAccounts ?? null) as AnyJob;
  const pruneVersions = pruneDocumentVersionsJob(deps.historyRetentionDays ?? 30) as AnyJob;
  const processAsset = processAssetJob(deps.assets ?? null) as AnyJob;
  const sweepUploads = sweepAbandonedUploadsJob(deps.assets ?? null) as AnyJob;
  const reconcileBilling = billingReconcileJob(deps.payments ?? (() => null)) as AnyJob;
  const billingReceipt = billingReceiptJob(deps.payments ?? (() => null)) as AnyJob;
  const indexKnowledge = indexKnowledgeJob(deps.knowledge ?? null) as AnyJob;
  const rollUpAnalytics = rollUpAnalyticsJob(deps.dashboardsChanged ?? (async () => {})) as AnyJob;
  const sendReports = sendReportsJob(() => deps.reports ?? null) as AnyJob;
  const buildExport = buildExportJob(deps.exports ?? null) as AnyJob;
  const expireExports = expireExportsJob(deps.exports ?? null) as AnyJob;
  const enforceRetention = enforceRetentionJob as AnyJob;
  const erase = eraseJob(deps.erasure ?? (() => null)) as AnyJob;
  const analyseFeedback = analyseFeedbackJob(deps.ai ?? (() => null)) as AnyJob;
  const pruneAnalytics = pruneAnalyticsJob(deps.analytics ?? { rawRetentionDays: 90, rollupRetentionDays: 730 }) as AnyJob;
  return {
    fanOut,
    jobs: [fanOut, send, sweep, pruneExpiredIdempotencyKeys, calendarSync as AnyJob, calendarSchedule, rotation, pruneVersions, processAsset, sweepUploads, rollUpAnalytics, pruneAnalytics, sendReports, milestones as AnyJob, reconcileBilling, billingReceipt, buildExport, expireExports, enforceRetention, indexKnowledge, analyseFeedback, erase] as readonly AnyJob[],
    /** Jobs that run on a schedule (cron, UTC), once per slot across all workers. */
    scheduled: [
      { job: pruneExpiredIdempotencyKeys as AnyJob, cron: '17 * * * *' },
      { job: sweep, cron: '* * * * *' },
      { job: rotation, cron: '* * * * *' },
      { job: pruneVersions, cron: '41 * * * *' },
      { job: sweepUploads, cron: '*/10 * * * *' },
      { job: rollUpAnalytics, cron: '*/5 * * * *' },
      { job: pruneAnalytics, cron: '23 3 * * *' },
      { job: sendReports, cron: '7 * * * *' },
      { job: reconcileBilling, cron: '23 4 * * *' },
      { job: expireExports, cron: '11 * * * *' },
      { job: enforceRetention, cron: '43 3 * * *' },
    ],
    /** Jobs each worker sends every so many seconds (finer than cron's minute); a singleton key keeps one queued across workers. */
    repeating: deps.calendarScanSeconds ? [{ job: calendarSchedule, singletonKey: 'scan', everySeconds: deps.calendarScanSeconds }] : [],
    /** Jobs each worker sends once when it starts (recovery after a crash, before the next cron slot). */
    atStart: [sweep],
  };
}
