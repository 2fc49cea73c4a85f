import cookieParser from 'cookie-parser';
import express, { type Express, type Request, type Router } from 'express';
import { ourOrigins } from '../identity/origin-policy.js';
import { authRouter } from './auth/router.js';
import { assetRoutes, uploadRoutes } from './assets/asset-routes.js';
import { localBlobRoutes } from './assets/blob-routes.js';
import { requestAttachmentRoutes, taskAttachmentRoutes } from './assets/attachment-routes.js';
import { googleAccountRoutes, googleLinkRoutes, googleNotificationRoute } from './google-calendar/google-calendar-routes.js';
import type { RestDependencies } from './dependencies.js';
import { sendData } from './envelope.js';
import { authenticate } from './middleware/authenticate.js';
import { requireSameOrigin } from './middleware/csrf.js';
import { errorHandler, notFound } from './middleware/error-handler.js';
import { rateLimit } from './middleware/rate-limit.js';
import { untilStarted } from './middleware/until-started.js';
import { requestContext } from './middleware/request-context.js';
import { buildOpenApiDocument } from './openapi/build-document.js';
import { projectsRouter } from './projects/router.js';
import { notificationRoutes } from './notifications/notification-routes.js';
import { taskRoutes } from './tasks/task-routes.js';
import { campaignRoutes } from './campaigns/campaign-routes.js';
import { videoRoutes } from './video/video-routes.js';
import { calendarRoutes } from './calendar/event-routes.js';
import { requestRoutes } from './requests/request-routes.js';
import { integrationRoutes } from './integrations/integration-routes.js';
import { deliveryRoutes } from './deliveries/delivery-routes.js';
import { adminRoutes } from './admin/admin-routes.js';
import { backupTokenRoute } from './admin/backup-routes.js';
import { echoRlhfRoutes, rlhfRoutes } from './rlhf/rlhf-routes.js';
import { analyticsRoutes, dashboardRoutes, echoCampaignsRoutes, echoMetricsRoutes, metricsRoutes, recentActivitiesRoutes } from './analytics/analytics-routes.js';
import { healthRouter } from './routes/health.js';
import { knowledgeDocumentRoutes } from './knowledge/document-routes.js';
import { knowledgeSearchRoutes } from './knowledge/search-routes.js';
import { chatRoutes } from './knowledge/chat-routes.js';
import { metricsRouter } from './routes/metrics.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { testAccountRoutes } from './test-accounts/test-account-routes.js';
import { webClientRouter } from './routes/web-client.js';
import { invoiceRoutes } from './billing/invoice-routes.js';
import { billingAccountRoutes } from './billing/account-routes.js';
import { meRoutes } from './privacy/export-routes.js';
import { sharedWithMeRoutes } from './documents/share-routes.js';
import { retentionRoutes } from './privacy/retention-routes.js';
import { adminErasureRoutes, myErasureRoutes } from './privacy/erasure-routes.js';
// --- billing (payments) ---
import { paymentRoutes } from './billing/payment-routes.js';
import { subscriptionRoutes } from './billing/subscription-routes.js';
import { paymentWebhookRoute } from './billing/webhook-routes.js';
import { billingAdminRoutes } from './billing/payment-admin-routes.js';
// --- end billing (payments) ---

export type { RestDependencies } from './dependencies.js';

/**
 * The Express app: health endpoints for every role, `/auth` and `/api` when this process runs
 * the api role, and one envelope for every answer including unknown routes and bad bodies.
 */
export function createRestApp(deps: RestDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a balancer every socket is the balancer's: rate limits and the audit log key on the client it names.
  if (deps.config.trustProxyHops > 0) app.set('trust proxy', deps.config.trustProxyHops);
  app.use(requestContext(deps.logger));
  if (deps.metrics) app.use(httpMetrics(deps.metrics));
  app.use(metricsRouter(deps.metrics, deps.config.metrics.token));
  const started = deps.started ?? (() => true);
  // Stripe signs the raw bytes: its webhook reads them before the JSON parser would. It waits for
  // the start like the rest of /api (it queues receipts); Stripe retries a 503.
  if (deps.config.roles.has('api')) app.use('/api/payments/webhook', untilStarted(started), paymentWebhookRoute(deps));
  app.use(express.json({ limit: deps.config.http.jsonBodyLimitBytes, strict: true }));
  app.use(healthRouter(deps.db, started, deps.redisStatus));
  if (deps.config.roles.has('api')) {
    const origins = () => ourOrigins(deps.publicUrl(), deps.config.allowedOrigins);
    app.use(['/auth', '/api'], untilStarted(started));
    app.use('/auth', authRouter(deps, origins));
    app.use('/api', apiRouter(deps, origins));
    const web = webClientRouter();
    if (web) app.use(web);
  }
  app.use(notFound());
  app.use(errorHandler());
  return app;
}

function apiRouter(deps: RestDependencies, origins: () => readonly string[]): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    sendData(res, {
      name: 'studio-sync',
      version: deps.version,
      roles: [...deps.config.roles],
      // What the sign-in page offers.
      signIn: { devLogin: deps.config.auth.devLogin, google: deps.config.auth.google !== undefined },
    });
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(buildOpenApiDocument({ version: deps.version, serverUrl: deps.publicUrl() }));
  });
  router.use(googleNotificationRoute(deps));
  router.use(backupTokenRoute(deps));
  if (deps.assets.local) router.use(localBlobRoutes(deps.assets.local));
  router.use(cookieParser());
  router.use(authenticate(deps.identity.verifier));
  router.use(
    rateLimit({
      name: 'api',
      store: deps.limitStore,
      onLimited: (name) => deps.metrics?.rateLimited.inc({ limiter: name }),
      points: deps.config.rateLimits.apiPerMinute,
      durationSeconds: 60,
      keyOf: (req: Request) => {
        const principal = req.auth!.principal;
        return principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`;
      },
    }),
  );
  router.use(requireSameOrigin(origins, (req) => req.auth?.via === 'cookie'));
  router.use('/projects/:projectId/integrations', integrationRoutes(deps));
  router.use('/projects/:projectId/deliveries', deliveryRoutes(deps));
  router.use('/projects/:projectId/google-calendar-links', googleLinkRoutes(deps));
  router.use('/projects/:projectId/uploads', uploadRoutes(deps));
  router.use('/projects/:projectId/assets', assetRoutes(deps));
  router.use('/projects/:projectId/retention', retentionRoutes(deps));
  router.use('/me', meRoutes(deps));
  router.use('/me', myErasureRoutes(deps));
  router.use('/me', sharedWithMeRoutes(deps));
  router.use('/tasks/:taskId/attachments', taskAttachmentRoutes(deps));
  router.use('/requests/:requestId/attachments', requestAttachmentRoutes(deps));
  router.use('/google-calendar', googleAccountRoutes(deps));
  router.use('/projects', projectsRouter(deps));
  router.use('/tasks', taskRoutes(deps));
  router.use('/notifications', notificationRoutes(deps));
  router.use('/campaigns', campaignRoutes(deps));
  router.use('/video', videoRoutes(deps));
  router.use('/calendar', calendarRoutes(deps));
  router.use('/requests', requestRoutes(deps));
  // --- billing (payments) ---
  router.use('/payments', paymentRoutes(deps));
  router.use('/billing/subscription', subscriptionRoutes(deps));
  router.use('/admin/billing', billingAdminRoutes(deps));
  // --- end billing (payments) ---
  router.use('/admin/erasures', adminErasureRoutes(deps));
  router.use('/admin', adminRoutes(deps));
  router.use('/rlhf', rlhfRoutes(deps));
  router.use('/analytics', analyticsRoutes(deps));
  router.use('/dashboard', dashboardRoutes(deps));
  router.use('/metrics', metricsRoutes(deps));
  router.use('/echo/metrics', echoMetricsRoutes(deps));
  router.use('/echo/campaigns', echoCampaignsRoutes(deps));
  router.use('/recent-activities', recentActivitiesRoutes(deps));
  router.use('/echo/rlhf', echoRlhfRoutes(deps));
  router.use('/testing/accounts', testAccountRoutes(deps));
  router.use('/invoices', invoiceRoutes(deps));
  router.use('/billing/account', billingAccountRoutes(deps));
  // Knowledge documents (uploaded files), not the collaborative documents under /projects/:projectId/documents.
  router.use('/documents', knowledgeDocumentRoutes(deps));
  router.use('/search', knowledgeSearchRoutes(deps));
  router.use('/chat', chatRoutes(deps));
  return router;
}
