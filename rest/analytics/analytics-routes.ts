import { type Request, type Response, Router } from 'express';
import { analyticsReportPdf } from '../../operations/analytics/analytics-report.js';
import { exportEvents } from '../../operations/analytics/export-events.js';
import { type Viewed, viewEngagement, viewOverview } from '../../operations/analytics/dashboard-views.js';
import { getCampaignsPerformance } from '../../operations/analytics/campaign-performance.js';
import { importEvents } from '../../operations/analytics/import-events.js';
import { csvImporter } from '../../operations/analytics/importers/csv-importer.js';
import { recentActivities } from '../../operations/analytics/recent-activities.js';
import { recordEvents } from '../../operations/analytics/record-events.js';
import { getReportSubscription, setReportSubscription } from '../../operations/analytics/report-subscription.js';
import { AppError } from '../../platform/app-error.js';
import { recordAudit } from '../../identity/audit.js';
import { auditActorOf } from '../../operations/projects/audit-actor.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { operationContext, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { streamExport } from './export-stream.js';
import { limitedBody } from './limited-body.js';
import { campaignsPerformanceQuery, engagementQuery, exportQuery, importQuery, overviewQuery, recentActivitiesQuery, recordEventsBody, reportBody, reportQuery } from './schemas.js';

/** A CSV import is read whole before anything is stored: this bounds it. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

function callerKey(req: Request): string {
  const principal = req.auth!.principal;
  return principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`;
}

/** `/api/analytics`: usage events in, engagement series, exports and imports out. */
export function analyticsRoutes(deps: RestDependencies): Router {
  const router = Router();
  // Its own budget, far below the API's: a chatty or hostile client is refused here and the rest of the product is unaffected.
  const eventBudget = rateLimit({ name: 'analytics-events', store: deps.limitStore, points: deps.config.analytics.eventsPerMinute, durationSeconds: 60, keyOf: callerKey, onLimited: (name) => deps.metrics?.rateLimited.inc({ limiter: name }) });

  router.post('/events', eventBudget, async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await recordEvents(ops, caller, parse(recordEventsBody, req.body))), { status: 202 });
  });

  router.get('/user-engagement', engagementOf(deps));
  router.get('/performance', engagementOf(deps));
  router.get('/content-metrics', engagementOf(deps, 'feed'));

  router.get('/export', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    const query = parse(exportQuery, req.query);
    if (query.format === 'pdf') {
      const report = unwrap(await analyticsReportPdf(ops, caller, { projectId: query.projectId, days: query.days }));
      await recordAudit(deps.db, { action: 'analytics.exported', projectId: query.projectId, ...auditActorOf(caller.principal), details: { format: 'pdf', days: query.days }, ip: req.ip ?? null });
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="activity-report-${query.projectId}.pdf"`);
      res.setHeader('Cache-Control', 'no-store');
      res.end(report.pdf);
      return;
    }
    const events = unwrap(await exportEvents(ops, caller, query));
    await recordAudit(deps.db, { action: 'analytics.exported', projectId: query.projectId, ...auditActorOf(caller.principal), details: { format: query.format, from: query.from.toISOString(), to: query.to.toISOString() }, ip: req.ip ?? null });
    req.log.info({ projectId: query.projectId, format: query.format }, 'analytics export started');
    try {
      await streamExport(res, query.format, events, `analytics-${query.projectId}`);
    } catch (error) {
      // Headers are gone: all that is left is to log why the download was cut short.
      req.log.warn({ err: error }, 'analytics export ended early');
    }
  });

  // Scheduled reports: each person their own, by email.
  router.get('/reports', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await getReportSubscription(ops, caller, parse(reportQuery, req.query))));
  });
  router.put('/reports', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    const body = parse(reportBody, req.body);
    if (body.cadence !== null && !deps.config.email) throw new AppError('EMAIL_NOT_CONFIGURED', 'Reports are sent by email, and this server has no SMTP server configured (SMTP_URL).');
    sendData(res, unwrap(await setReportSubscription(ops, caller, body)));
  });

  router.post('/import', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    const query = parse(importQuery, req.query);
    const body = limitedBody(req, IMPORT_MAX_BYTES);
    const outcome = await importEvents({ db: ops.db, rawRetentionDays: deps.config.analytics.rawRetentionDays, dashboards: deps.dashboards }, caller, { projectId: query.projectId, importer: csvImporter, body });
    sendData(res, unwrap(outcome), { status: 201 });
  });

  return router;
}

/** Engagement series; `sources` defaults to what the seed's endpoint is about (document changes for content, the app's own events for behaviour). */
function engagementOf(deps: RestDependencies, defaultSources?: string) {
  return async (req: Request, res: Response) => {
    const { ops, caller } = operationContext(req, deps);
    const query = defaultSources && req.query.sources === undefined ? { ...req.query, sources: defaultSources } : req.query;
    sendViewed(res, unwrap(await viewEngagement({ db: ops.db, dashboards: deps.dashboards?.cache }, caller, parse(engagementQuery, query))));
  };
}

function overview(deps: RestDependencies) {
  return async (req: Request, res: Response) => {
    const { ops, caller } = operationContext(req, deps);
    sendViewed(res, unwrap(await viewOverview({ db: ops.db, dashboards: deps.dashboards?.cache }, caller, parse(overviewQuery, req.query))));
  };
}

/** A dashboard answer; `X-Cache` says whether it came from the cache (hit), was computed (miss), or the cache is off. */
function sendViewed<T>(res: Response, viewed: Viewed<T>): void {
  res.setHeader('X-Cache', viewed.cache.toUpperCase());
  sendData(res, viewed.value);
}

/** `/api/dashboard`: the main dashboard's headline numbers. */
export function dashboardRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/overview', overview(deps));
  return router;
}

/** `/api/metrics`: the main dashboard's performance and behaviour widgets. */
export function metricsRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/performance', overview(deps));
  router.get('/user-behavior', engagementOf(deps, 'client'));
  return router;
}

/** `/api/echo/metrics`: the Echo page's names for engagement and content performance. */
export function echoMetricsRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/engagement', engagementOf(deps));
  router.get('/content-performance', engagementOf(deps, 'feed'));
  return router;
}

/** `/api/echo/campaigns`: the Echo page's campaign table. */
export function echoCampaignsRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/performance', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendViewed(res, unwrap(await getCampaignsPerformance({ db: ops.db, dashboards: deps.dashboards?.cache }, caller, parse(campaignsPerformanceQuery, req.query))));
  });
  return router;
}

/** `/api/recent-activities`: the project's change feed, newest first, with names. */
export function recentActivitiesRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    const query = parse(recentActivitiesQuery, req.query);
    const page = unwrap(await recentActivities(ops, caller, { projectId: query.projectId, before: query.before ?? null, limit: query.limit }));
    sendData(res, page, { meta: { limit: query.limit, next: page.next } });
  });
  return router;
}
