import { smtpReportMailer } from '../operations/analytics/report-mailer.js';
import { cacheArbiter } from '../collab/admission/client-id-arbiter.js';
import { createCollabServer } from '../collab/create-collab-server.js';
import { COLLAB_PATH, createUpgradeHandler } from '../collab/websocket-upgrade.js';
import { ourOrigins } from '../identity/origin-policy.js';
import { type IdentityServices, createIdentityServices } from '../identity/services.js';
import { NO_LIVE_DOCUMENTS } from '../operations/live-documents.js';
import { createRestApp } from '../rest/create-rest-app.js';
import { rebuildStaleProjections } from '../storage/projection-rebuild.js';
import { createJobs } from '../workers/worker-role.js';
import { requestSends } from '../workers/jobs/request-send.js';
import { requestCalendarSync } from '../workers/jobs/google-calendar.js';
import { requestAssetProcessing } from '../workers/jobs/process-asset.js';
import { type ErasureRunDeps, requestErasureRun, requestExportBuild } from '../workers/jobs/privacy.js';
import { requestKnowledgeIndexing } from '../workers/jobs/index-knowledge-document.js';
import { createAiProvider } from '../operations/ai/openai-provider.js';
import { createBlobStore } from '../storage/blobs/create-blob-store.js';
import type { GoogleCalendarDeps } from '../operations/google-calendar/google-deps.js';
import { googleSettings } from '../operations/google-calendar/google-client.js';
import { NotificationHub } from '../operations/notifications/notification-hub.js';
import { VoteHub } from '../operations/votes/vote-hub.js';
import { secretFromConfigOrDataDir } from '../platform/data-dir-secret.js';
import { createSecretBox } from '../platform/secrets.js';
import { createChannels } from '../operations/deliveries/channels/index.js';
import { emailPlanners } from '../operations/deliveries/email-planner.js';
import { type Config, redactDatabaseUrl } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import { openDatabase } from '../platform/db/open-database.js';
import { type UpgradeHandler, startHttpServer } from './http-server.js';
import type { Logger } from '../platform/logger.js';
import { migrateAtStart } from './migrations-at-start.js';
import { configuredVault } from './configured-vault.js';
import { checkMasterKeys } from '../operations/test-accounts/check-master-keys.js';
import { APP_VERSION } from '../platform/version.js';
import { Metrics } from '../platform/metrics.js';
import { createMemoryCache } from '../platform/cache/memory-cache.js';
import { createRedisCache } from '../platform/cache/redis-cache.js';
import { connectRedis } from '../platform/redis.js';
import { createRedisBus } from '../platform/bus/redis-bus.js';
import { relayHubs } from './relay-hubs.js';
import { requestFeedbackAnalysis } from '../workers/jobs/analyse-feedback.js';
import { parseItemId } from '../operations/item-id.js';
import type { LimitStore } from '../rest/middleware/rate-limit.js';
import { DashboardHub } from '../operations/analytics/dashboard-hub.js';
// --- billing (payments) ---
import { createPaymentServices } from '../operations/billing/payments/payment-services.js';
import { requestBillingReceipt } from '../workers/jobs/billing-receipt.js';
// --- end billing (payments) ---

export interface RunningApp {
  url: string;
  identity: IdentityServices;
  port: number;
  db: Database;
  /** Dashboards' cache and live push: what the rollup job tells when numbers change. */
  dashboards: DashboardHub;
  /** Settles when migrations are applied; rejects if they never can be (see migrateAtStart). */
  migrated: Promise<void>;
  /** Stops accepting, flushes documents and jobs, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** An already open database to use instead of opening the configured one (tests); closed by `stop`. */
  db?: Database;
}

/** Composes one process from its configured roles: api, collab and worker share the database and the HTTP port. */
export async function startApp(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  logger.info(
    {
      version: APP_VERSION,
      roles: [...config.roles],
      database: config.database.kind === 'postgres' ? redactDatabaseUrl(config.database.url) : `embedded PGlite at ${config.database.dataDir}`,
    },
    'starting',
  );
  const db = options.db ?? (await openDatabase(config.database, logger));
  const abort = new AbortController();

  const metrics = new Metrics();
  const identity = createIdentityServices(config, db);
  const notifications = new NotificationHub();
  const votes = new VoteHub();
  const redis = config.redis ? connectRedis(config.redis.url, logger.child({ dependency: 'redis' })) : null;
  const cache = redis && config.redis ? createRedisCache(redis, logger.child({ dependency: 'redis' }), `${config.redis.keyPrefix}cache:`) : createMemoryCache();
  const limitStore: LimitStore = redis && config.redis ? { kind: 'redis', redis, keyPrefix: config.redis.keyPrefix } : { kind: 'memory' };
  const dashboards = new DashboardHub({ cache, ttlSeconds: config.analytics.cacheSeconds });
  // A vote changes the campaign numbers dashboards show: their cached answers go, open ones refetch.
  const bus = redis && config.redis ? createRedisBus(redis, config.redis.keyPrefix, logger.child({ dependency: 'redis', feature: 'bus' })) : null;
  const relays = bus ? relayHubs(bus, { notifications, votes, dashboards, access: identity.events }) : null;
  votes.subscribe((landed) => {
    // A vote relayed from another process: that process already dropped the (shared) cached answers and announced it.
    if (relays?.relayingVote()) return;
    void dashboards.changed([landed.projectId]).catch((error: unknown) => logger.warn({ err: error }, 'could not invalidate dashboards after a vote'));
  });
  const secrets = createSecretBox(secretFromConfigOrDataDir(config.secrets.key, config.dataDir, 'secrets-key'), config.secrets.previousKeys);
  const vault = configuredVault(config);
  let vaultOpen = false;
  const payments = createPaymentServices(config); // billing (payments)
  // Local signed URLs are signed with a key derived from the app's signing secret (the same one access tokens use).
  const blobs = createBlobStore(config.assets.store, { secret: secretFromConfigOrDataDir(config.auth.jwtSecret, config.dataDir, 'auth-jwt-secret'), baseUrl: () => publicUrl() });
  // Null without OPENAI_API_KEY: knowledge search is full-text only and answers are extractive.
  const ai = createAiProvider(config.knowledge.ai);
  // Google Calendar sync edits live documents, which exist once the document server does (below).
  let googleCalendar: GoogleCalendarDeps | null = null;
  // Erasures reset live documents: they run where the document server is (set below).
  let erasure: ErasureRunDeps | null = null;
  const jobs = createJobs(config, db, logger, {
    hub: notifications,
    channels: createChannels({ config, secrets, publicUrl: () => publicUrl() }),
    planners: emailPlanners(config.email),
    backoffBaseMs: config.deliveries.backoffBaseMs,
    googleCalendar: () => googleCalendar,
    // Without Google sign-in no calendar can be linked: nothing to scan for.
    calendarScanSeconds: config.auth.google ? config.googleCalendar.scanSeconds : undefined,
    historyRetentionDays: config.history.retentionDays,
    analytics: { rawRetentionDays: config.analytics.rawRetentionDays, rollupRetentionDays: config.analytics.rollupRetentionDays },
    dashboardsChanged: (projectIds) => dashboards.changed(projectIds),
    ...(config.email ? { reports: { mailer: smtpReportMailer({ smtpUrl: config.email.smtpUrl, tlsRejectUnauthorized: config.email.tlsRejectUnauthorized, from: config.email.from }), publicUrl: () => publicUrl() } } : {}),
    testAccounts: { vault, allowPrivateUrls: config.integrations.allowPrivateUrls, graceHours: config.testAccounts.rotationGraceHours },
    payments: () => payments, // billing (payments)
    assets: { blobs: blobs.store, maxImagePixels: config.assets.maxImagePixels, video: { ffmpegPath: config.assets.ffmpegPath, ffprobePath: config.assets.ffprobePath }, pdf: { pdftoppmPath: config.assets.pdftoppmPath } },
    invoices: config.invoices,
    exports: { blobs: blobs.store, linkDays: config.privacy.exportLinkDays, maxFileBytes: config.privacy.exportMaxFileBytes },
    knowledge: { blobs: blobs.store, ai, maxPdfPages: config.knowledge.maxPdfPages },
    ai: () => ai,
    erasure: () => erasure,
  }, metrics);
  if (ai) {
    // The language model reads an item's feedback a few seconds after its votes settle (one job per item; unchanged feedback is not sent again).
    const requestAnalysis = requestFeedbackAnalysis(jobs.queue, config.votes.feedbackAnalysisDelaySeconds);
    votes.subscribe((landed) => {
      if (relays?.relayingVote()) return;
      const item = parseItemId(landed.itemId);
      if (!item) return;
      void requestAnalysis({ projectId: item.projectId, pipelineId: item.documentId, entryId: item.entryId, itemType: landed.itemType }).catch((error: unknown) => logger.warn({ err: error, itemId: landed.itemId }, 'could not ask for feedback analysis'));
    });
  }
  const assets = {
    blobs: blobs.store,
    local: blobs.local,
    settings: { maxBytes: config.assets.maxBytes, projectQuotaBytes: config.assets.projectQuotaBytes, uploadUrlTtlSeconds: config.assets.uploadUrlTtlSeconds, downloadUrlTtlSeconds: config.assets.downloadUrlTtlSeconds, cdnBaseUrl: config.assets.cdnBaseUrl, multipartMaxBytes: config.assets.multipartMaxBytes },
    requestProcessing: requestAssetProcessing(jobs.queue),
  };
  const { maxFileBytes, maxPdfPages, chatTokenBudget, vectorScanMaxChunks, minSimilarity } = config.knowledge;
  const knowledge = { blobs: blobs.store, ai, settings: { maxFileBytes, maxPdfPages, chatTokenBudget, vectorScanMaxChunks, minSimilarity }, requestIndexing: requestKnowledgeIndexing(jobs.queue) };
  // The api role edits live documents too (REST over boards), so it gets the document server even
  // without sockets; with Redis, its edits reach the documents other instances hold. So does a
  // worker-only process when instances share documents through Redis: calendar syncs edit live
  // documents and erasures reset them, and a split deployment (docker-compose.yml) may have no
  // process with both roles. Without Redis its writes would go unseen by the instances holding a
  // document (a reset undone by their next store), so those jobs are left to a process with both.
  const sharesDocuments = Boolean(bus && config.redis);
  const serveDocuments = config.roles.has('collab') || config.roles.has('api') || (config.roles.has('worker') && sharesDocuments);
  const collab = serveDocuments
    ? createCollabServer({
        logger,
        db,
        verifier: identity.verifier,
        accessEvents: identity.events,
        limits: config.collab,
        allowedOrigins: () => ourOrigins(publicUrl(), config.allowedOrigins),
        notifications,
        votes,
        dashboards,
        publishEvents: (tx, eventIds) => jobs.publishEvents(tx, eventIds),
        metrics,
        checkpoints: { quietMs: config.history.quietSeconds * 1000, everyUpdates: config.history.checkpointUpdates, minSpacingMs: config.history.checkpointMinSeconds * 1000 },
        ...(bus && config.redis ? { relay: { bus, checkEveryMs: config.redis.documentCheckMs, clientIds: cacheArbiter(cache) } } : {}),
      })
    : undefined;
  metrics.observe({
    loadedDocuments: () => collab?.hocuspocus.getDocumentsCount() ?? 0,
    connections: () => collab?.hocuspocus.getConnectionsCount() ?? 0,
    unsavedUpdates: () => collab?.unsavedUpdates() ?? 0,
    queues: () => jobs.queue.queueStats(),
  });
  const requestSync = requestCalendarSync(jobs.queue);
  if (collab) {
    erasure = { events: identity.events, blobs: blobs.store, resetDocument: collab.resetDocument };
    googleCalendar = {
      db,
      live: collab.live,
      events: identity.events,
      settings: googleSettings(config, () => publicUrl()),
      secrets,
      verifier: identity.verifier,
      logger: logger.child({ feature: 'google-calendar' }),
      requestSync,
    };
  }
  const upgrade = collab && config.roles.has('collab') ? createUpgradeHandler(collab, logger, config.collab, metrics) : undefined;
  // Until the process has started (see untilStarted), a socket would edit documents whose events
  // cannot be published yet: it is told to come back (503 before the upgrade; clients retry).
  let started = false;
  const gatedUpgrade: UpgradeHandler | undefined = upgrade
    ? (request, socket, head) => (started ? upgrade.handleUpgrade(request, socket, head) : void socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'))
    : undefined;
  const upgrades = new Map<string, UpgradeHandler>(gatedUpgrade ? [[COLLAB_PATH, gatedUpgrade]] : []);

  let listeningUrl = config.publicUrl ?? '';
  const publicUrl = () => config.publicUrl ?? listeningUrl;

  let http;
  try {
    http = await startHttpServer(createRestApp({ config, db, logger, version: APP_VERSION, identity, publicUrl, live: collab?.live ?? NO_LIVE_DOCUMENTS, votes, dashboards, limitStore, ...(redis ? { redisStatus: () => (redis.status === 'ready' ? 'ok' : 'unreachable') } : {}), secrets, vault, vaultReady: () => vaultOpen, started: () => started, publishEvents: (tx, eventIds) => jobs.publishEvents(tx, eventIds), requestDeliverySend: requestSends(jobs.queue), requestCalendarSync: requestSync, metrics, ...(collab ? { documentHost: collab.host } : {}), queueStats: () => jobs.queue.queueStats(), assets, knowledge, requestExportBuild: requestExportBuild(jobs.queue), requestErasureRun: requestErasureRun(jobs.queue), payments: { ...payments, requestReceipt: requestBillingReceipt(jobs.queue) } }), upgrades, config.host, config.port);
    listeningUrl = http.url;
  } catch (error) {
    await db.close();
    await relays?.close();
    redis?.disconnect();
    throw error;
  }
  logger.info({ url: http.url, collab: collab ? `${http.url.replace('http', 'ws')}${COLLAB_PATH}` : 'off' }, 'listening');
  if (config.auth.devLogin && config.roles.has('api')) {
    logger.warn({ route: 'POST /auth/dev/login' }, 'DEV LOGIN IS ON: whoever reaches this server can sign in with whatever email they type. Set AUTH_DEV_LOGIN=false outside local use.');
  }

  const migrated = migrateAtStart(db, logger, abort.signal).then(async () => {
    if (abort.signal.aborted) return;
    // A wrong master key stops the start here (main.ts exits with the one line), before any job runs.
    const vaultState = await checkMasterKeys(db, vault);
    vaultOpen = true;
    if (vaultState.underPreviousKeys > 0) {
      logger.warn({ records: vaultState.underPreviousKeys, masterKeyId: vault.currentKeyId }, 'test accounts still under a previous vault master key: run npm run vault:rewrap');
    }
    await jobs.start();
    started = true;
    // Documents written before the projection existed (or changed shape) are listed once rebuilt.
    if (collab) void rebuildStaleProjections(db, logger, abort.signal).catch((error: unknown) => logger.error({ err: error }, 'rebuilding projections stopped'));
  });
  // The caller decides what a failed migration means; this only keeps it from being unhandled.
  migrated.catch(() => {});

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      abort.abort(new Error('shutting down'));
      const graceMs = Math.max(100, Math.floor(config.shutdownTimeoutMs / 2));
      const closedHttp = http.close(graceMs);
      await collab?.close();
      upgrade?.close();
      await jobs.stop();
      await closedHttp;
      await db.close();
      await cache.close();
      await relays?.close();
      redis?.disconnect();
      logger.info('stopped');
    })());

  return { url: http.url, port: http.port, db, identity, dashboards, migrated, stop };
}
