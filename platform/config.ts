import path from 'node:path';
import { z } from 'zod';
// --- billing (payments) ---
import { type BillingConfig, billingConfigOf } from './billing-config.js';
import { type KnowledgeConfig, knowledgeConfigOf } from './knowledge-config.js';
// --- end billing (payments) ---
import { type Role, envSchema } from './env-schema.js';

export { ROLES, type Role, envSchema, type Env } from './env-schema.js';

/**
 * The only module that reads `process.env`. Everything else receives the typed
 * `Config` built here, so a missing or malformed variable stops the process at
 * start instead of surfacing inside a request handler in production.
 */

/** Per-connection and per-document budgets of the collab server (enforced in `collab/`). */
export interface CollabLimits {
  /** Largest WebSocket frame; enforced by `ws` itself (close 1009). */
  maxMessageBytes: number;
  /** Largest document, as stored (snapshot and log, deleted content included until compaction); an update that would grow past it is refused. */
  maxDocumentBytes: number;
  /** Bytes a socket may send for documents before it is admitted to them (queued until then). */
  maxUnauthenticatedBytes: number;
  /** Bytes of updates one socket may have waiting for content the document does not have yet. */
  maxWaitingBytes: number;
  /** How long such an update may wait before the socket is closed (`missing-dependencies`). */
  maxWaitMs: number;
  /** New Yjs client ids one connection may introduce. */
  newClientIdsPerConnection: number;
  /** New Yjs client ids one person or API key may introduce in one document per day. */
  newClientIdsPerDay: number;
  /** Sustained Yjs updates per second a connection may send. */
  updatesPerSecond: number;
  /** Updates a connection may send at once before the sustained rate applies (reconnect bursts). */
  updateBurst: number;
  /** Every this many updates applied from one socket, it waits (unread) until what the server received is committed, if it is not yet (backpressure). */
  maxUnsavedPerSocket: number;
}

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** TRUST_PROXY_HOPS: how many proxies' X-Forwarded-For to believe for the client's address (rate limits, audit). */
  trustProxyHops: number;
  database: { kind: 'postgres'; url: string; poolMax: number; guardTransactions?: boolean } | { kind: 'pglite'; dataDir: string };
  dataDir: string;
  roles: ReadonlySet<Role>;
  log: { level: string; format: 'json' | 'pretty' };
  shutdownTimeoutMs: number;
  http: { jsonBodyLimitBytes: number };
  collab: CollabLimits & { compactAfterUpdates: number };
  /** Document history (HISTORY_*): when automatic checkpoints are taken and how long they are kept. */
  history: { quietSeconds: number; checkpointUpdates: number; checkpointMinSeconds: number; retentionDays: number };
  /** Usage analytics (ANALYTICS_*): how fast clients may report, how long raw events and rollups are kept. */
  analytics: { eventsPerMinute: number; rawRetentionDays: number; rollupRetentionDays: number; cacheSeconds: number };
  /** RLHF votes (VOTE_*): when feedback is read by the language model. */
  votes: { feedbackAnalysisDelaySeconds: number };
  /** REDIS_URL, when instances share Redis, the prefix of every key written there, and how often loaded documents are checked against the log. */
  redis: { url: string; keyPrefix: string; documentCheckMs: number } | undefined;
  /** Personal data exports (EXPORT_*): how long a download link lives, how many bytes of files one archive carries. */
  privacy: { exportLinkDays: number; exportMaxFileBytes: number };
  worker: { pollIntervalMs: number; listenNotify: boolean; idlePollIntervalMs: number; concurrency: number; batchSize: number; superviseIntervalSeconds: number; jobRetentionDays: number; schema: string };
  deliveries: { inDoubtAfterMs: number; backoffBaseMs: number };
  /** PUBLIC_URL when set; otherwise the app uses the address it listens on. */
  publicUrl: string | undefined;
  allowedOrigins: string[];
  auth: {
    jwtSecret: string | undefined;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    devLogin: boolean;
    /** Cookies marked Secure: whenever the public URL is https. */
    secureCookies: boolean;
    google: { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string; userInfoUrl: string } | undefined;
  };
  rateLimits: { authPerMinute: number; apiPerMinute: number };
  /** Sealing integration secrets: the current key (null: generate into DATA_DIR) and earlier ones still accepted. */
  secrets: { key: string | undefined; previousKeys: string[] };
  /** The test-accounts vault's master key (undefined: generate into DATA_DIR) and earlier ones still accepted. */
  vault: { masterKey: string | undefined; previousMasterKeys: string[] };
  /** Test accounts' rotation policy (TEST_ACCOUNT_ROTATION_*). */
  testAccounts: { rotationGraceHours: number };
  /** Email notifications (SMTP_*, EMAIL_*); undefined when SMTP_URL is unset: the email channel is off. */
  email: { smtpUrl: string; from: string; tlsRejectUnauthorized: boolean; batchWindowMs: number; maxAttempts: number } | undefined;
  /** What integrations may point at (INTEGRATIONS_ALLOW_PRIVATE_URLS). */
  integrations: { allowPrivateUrls: boolean };
  /** Discord and Slack deliveries. */
  chat: { maxAttempts: number; batchWindowMs: number };
  /** JIRA deliveries (JIRA_*). */
  jira: { maxAttempts: number; createSettleMs: number };
  /** Google Calendar sync (GOOGLE_CALENDAR_*); needs Google sign-in's client (auth.google) to be configured. */
  googleCalendar: { revokeUrl: string; apiUrl: string; pushUrl: string | undefined; push: 'auto' | 'always' | 'never'; pollSeconds: number; scanSeconds: number; channelTtlSeconds: number };
  /** Prometheus metrics at /metrics, for whoever presents this token (undefined: off). */
  metrics: { token: string | undefined };
  /** Uploaded files (S3_*, ASSET_*, CDN_BASE_URL, FFMPEG_PATH). */
  assets: AssetConfig;
  /** Invoices (BILLING_SELLER_*, BILLING_TAX_RATES). */
  invoices: InvoiceConfig;
  // --- billing (payments) ---
  /** Stripe payments, currencies and plans (STRIPE_*, BILLING_*). */
  billing: BillingConfig;
  // --- end billing (payments) ---
  /** Knowledge documents and AI chat (OPENAI_*, AI_*, KNOWLEDGE_*). */
  knowledge: KnowledgeConfig;
}

// ---- Billing: invoices and tax (issue 18, invoices) ----
/** Who sells, and the tax rate table (basis points per buyer country). */
export interface InvoiceConfig {
  seller: { country: string; name: string; addressLines: string[] };
  taxRatesBp: Readonly<Record<string, number>>;
}

/** Standard VAT rates of a few EU countries (2026), used when BILLING_TAX_RATES is unset. */
export const DEFAULT_TAX_RATES_BP: Readonly<Record<string, number>> = { AT: 2000, BE: 2100, DE: 1900, ES: 2100, FR: 2000, IE: 2300, IT: 2200, NL: 2100, PL: 2300, SE: 2500 };

const taxRatesSchema = z.record(z.string().regex(/^[A-Z]{2}$/, 'keys must be two-letter country codes'), z.number().int('rates are whole basis points').min(0).max(10_000));

function parseTaxRates(raw: string | undefined, problems: string[]): Record<string, number> {
  if (raw === undefined) return { ...DEFAULT_TAX_RATES_BP };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    problems.push('BILLING_TAX_RATES must be JSON, e.g. {"DE":1900,"FR":2000}');
    return {};
  }
  const parsed = taxRatesSchema.safeParse(json);
  if (!parsed.success) problems.push(`BILLING_TAX_RATES ${parsed.error.issues.map((issue) => issue.message).join(', ')}`);
  return parsed.success ? parsed.data : {};
}
// ---- end billing ----

/** Where uploaded files live: local disk under DATA_DIR (embedded default) or an S3-compatible bucket. */
export type BlobStoreConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      endpoint: string | undefined;
      /** Where browsers reach the bucket, when not at `endpoint` (S3_PUBLIC_ENDPOINT): presigned URLs are signed for it. */
      publicEndpoint?: string | undefined;
      region: string;
      forcePathStyle: boolean;
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    };

export interface AssetConfig {
  store: BlobStoreConfig;
  maxBytes: number;
  projectQuotaBytes: number;
  uploadUrlTtlSeconds: number;
  downloadUrlTtlSeconds: number;
  maxImagePixels: number;
  cdnBaseUrl: string | undefined;
  ffmpegPath: string;
  ffprobePath: string;
  multipartMaxBytes: number;
  pdftoppmPath: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`));
  }
  const e = result.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const problems: string[] = [];
  if (e.NODE_ENV === 'production' && e.AUTH_DEV_LOGIN === 'true') problems.push('AUTH_DEV_LOGIN cannot be true when NODE_ENV=production');
  if (e.NODE_ENV === 'production' && !e.AUTH_JWT_SECRET) problems.push('AUTH_JWT_SECRET is required when NODE_ENV=production');
  if (e.NODE_ENV === 'production' && !e.SECRETS_KEY) problems.push('SECRETS_KEY is required when NODE_ENV=production');
  if (e.NODE_ENV === 'production' && !e.VAULT_MASTER_KEY) problems.push('VAULT_MASTER_KEY is required when NODE_ENV=production');
  if (e.VAULT_MASTER_KEY && e.VAULT_PREVIOUS_MASTER_KEYS.includes(e.VAULT_MASTER_KEY)) problems.push('VAULT_PREVIOUS_MASTER_KEYS must not repeat VAULT_MASTER_KEY');
  if (e.NODE_ENV === 'production' && e.INTEGRATIONS_ALLOW_PRIVATE_URLS === 'true') problems.push('INTEGRATIONS_ALLOW_PRIVATE_URLS cannot be true when NODE_ENV=production');
  if (Boolean(e.GOOGLE_CLIENT_ID) !== Boolean(e.GOOGLE_CLIENT_SECRET)) problems.push('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together');
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  if (e.ASSET_MAX_BYTES > e.ASSET_PROJECT_QUOTA_BYTES) problems.push('ASSET_MAX_BYTES cannot be larger than ASSET_PROJECT_QUOTA_BYTES');
  const taxRatesBp = parseTaxRates(e.BILLING_TAX_RATES, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const publicUrl = e.PUBLIC_URL?.replace(/\/+$/, '');
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, guardTransactions: e.DATABASE_GUARD_TRANSACTIONS ? e.DATABASE_GUARD_TRANSACTIONS === 'true' : e.NODE_ENV !== 'production' }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    roles: new Set(e.ROLES),
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json') },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    http: { jsonBodyLimitBytes: e.JSON_BODY_LIMIT_BYTES },
    collab: {
      maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
      maxDocumentBytes: e.COLLAB_MAX_DOCUMENT_BYTES,
      // What a socket may queue before authentication: as much as one message.
      maxUnauthenticatedBytes: e.COLLAB_MAX_MESSAGE_BYTES,
      maxWaitingBytes: e.COLLAB_MAX_WAITING_BYTES,
      maxWaitMs: e.COLLAB_MAX_WAIT_MS,
      newClientIdsPerConnection: e.COLLAB_NEW_CLIENT_IDS_PER_CONNECTION,
      newClientIdsPerDay: e.COLLAB_NEW_CLIENT_IDS_PER_DAY,
      updatesPerSecond: e.COLLAB_UPDATES_PER_SECOND,
      updateBurst: e.COLLAB_UPDATE_BURST,
      maxUnsavedPerSocket: e.COLLAB_MAX_UNSAVED_PER_SOCKET,
      compactAfterUpdates: e.COLLAB_COMPACT_AFTER_UPDATES,
    },
    worker: {
      pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
      listenNotify: e.WORKER_LISTEN_NOTIFY === 'true',
      idlePollIntervalMs: e.WORKER_IDLE_POLL_INTERVAL_MS,
      concurrency: e.WORKER_CONCURRENCY,
      batchSize: e.WORKER_BATCH_SIZE,
      superviseIntervalSeconds: e.WORKER_SUPERVISE_INTERVAL_SECONDS,
      jobRetentionDays: e.JOB_RETENTION_DAYS,
      schema: e.JOBS_SCHEMA,
    },
    publicUrl,
    allowedOrigins: e.ALLOWED_ORIGINS.map((origin) => new URL(origin).origin),
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      devLogin: e.AUTH_DEV_LOGIN ? e.AUTH_DEV_LOGIN === 'true' : !e.DATABASE_URL && e.NODE_ENV !== 'production',
      secureCookies: publicUrl?.startsWith('https:') ?? false,
      google:
        e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
          ? {
              clientId: e.GOOGLE_CLIENT_ID,
              clientSecret: e.GOOGLE_CLIENT_SECRET,
              authorizationUrl: e.GOOGLE_AUTHORIZATION_URL,
              tokenUrl: e.GOOGLE_TOKEN_URL,
              userInfoUrl: e.GOOGLE_USERINFO_URL,
            }
          : undefined,
    },
    rateLimits: { authPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE, apiPerMinute: e.RATE_LIMIT_API_PER_MINUTE },
    secrets: { key: e.SECRETS_KEY, previousKeys: e.SECRETS_PREVIOUS_KEYS },
    metrics: { token: e.METRICS_TOKEN },
    history: { quietSeconds: e.HISTORY_QUIET_SECONDS, checkpointUpdates: e.HISTORY_CHECKPOINT_UPDATES, checkpointMinSeconds: e.HISTORY_CHECKPOINT_MIN_SECONDS, retentionDays: e.HISTORY_RETENTION_DAYS },
    analytics: { eventsPerMinute: e.ANALYTICS_EVENTS_PER_MINUTE, rawRetentionDays: e.ANALYTICS_RAW_RETENTION_DAYS, rollupRetentionDays: e.ANALYTICS_ROLLUP_RETENTION_DAYS, cacheSeconds: e.ANALYTICS_CACHE_SECONDS },
    votes: { feedbackAnalysisDelaySeconds: e.VOTE_FEEDBACK_ANALYSIS_DELAY_SECONDS },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX, documentCheckMs: e.REDIS_DOCUMENT_CHECK_MS } : undefined,
    privacy: { exportLinkDays: e.EXPORT_LINK_DAYS, exportMaxFileBytes: e.EXPORT_MAX_FILE_BYTES },
    vault: { masterKey: e.VAULT_MASTER_KEY, previousMasterKeys: e.VAULT_PREVIOUS_MASTER_KEYS },
    testAccounts: { rotationGraceHours: e.TEST_ACCOUNT_ROTATION_GRACE_HOURS },
    email: e.SMTP_URL
      ? { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM, tlsRejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED === 'true', batchWindowMs: e.EMAIL_BATCH_WINDOW_MS, maxAttempts: e.EMAIL_DELIVERY_MAX_ATTEMPTS }
      : undefined,
    integrations: { allowPrivateUrls: e.INTEGRATIONS_ALLOW_PRIVATE_URLS ? e.INTEGRATIONS_ALLOW_PRIVATE_URLS === 'true' : e.NODE_ENV === 'development' },
    deliveries: { inDoubtAfterMs: e.DELIVERY_IN_DOUBT_AFTER_MS, backoffBaseMs: e.DELIVERY_BACKOFF_BASE_MS },
    chat: { maxAttempts: e.CHAT_DELIVERY_MAX_ATTEMPTS, batchWindowMs: e.CHAT_BATCH_WINDOW_MS },
    jira: { maxAttempts: e.JIRA_DELIVERY_MAX_ATTEMPTS, createSettleMs: e.JIRA_CREATE_SETTLE_MS },
    googleCalendar: {
      revokeUrl: e.GOOGLE_REVOKE_URL,
      apiUrl: e.GOOGLE_CALENDAR_API_URL.endsWith('/') ? e.GOOGLE_CALENDAR_API_URL : `${e.GOOGLE_CALENDAR_API_URL}/`,
      pushUrl: e.GOOGLE_CALENDAR_PUSH_URL,
      push: e.GOOGLE_CALENDAR_PUSH,
      pollSeconds: e.GOOGLE_CALENDAR_POLL_SECONDS,
      scanSeconds: e.GOOGLE_CALENDAR_SCAN_SECONDS,
      channelTtlSeconds: e.GOOGLE_CALENDAR_CHANNEL_TTL_SECONDS,
    },
    assets: {
      store: e.S3_BUCKET
        ? {
            kind: 's3',
            bucket: e.S3_BUCKET,
            endpoint: e.S3_ENDPOINT,
            publicEndpoint: e.S3_PUBLIC_ENDPOINT,
            region: e.S3_REGION,
            forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === 'true' : e.S3_ENDPOINT !== undefined,
            credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
          }
        : { kind: 'local', dir: path.join(dataDir, 'blobs') },
      maxBytes: e.ASSET_MAX_BYTES,
      projectQuotaBytes: e.ASSET_PROJECT_QUOTA_BYTES,
      uploadUrlTtlSeconds: e.ASSET_UPLOAD_URL_TTL_SECONDS,
      downloadUrlTtlSeconds: e.ASSET_DOWNLOAD_URL_TTL_SECONDS,
      maxImagePixels: e.ASSET_MAX_IMAGE_PIXELS,
      cdnBaseUrl: e.CDN_BASE_URL?.replace(/\/+$/, ''),
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
      multipartMaxBytes: Math.min(e.ASSET_MULTIPART_MAX_BYTES, e.ASSET_MAX_BYTES),
      pdftoppmPath: e.PDFTOPPM_PATH,
    },
    invoices: {
      seller: { country: e.BILLING_SELLER_COUNTRY, name: e.BILLING_SELLER_NAME, addressLines: e.BILLING_SELLER_ADDRESS.split(/\n|\|/).map((line) => line.trim()).filter(Boolean) },
      taxRatesBp,
    },
    // --- billing (payments) ---
    billing: billingConfigOf(e),
    // --- end billing (payments) ---
    knowledge: knowledgeConfigOf(e),
  };
}

/** Reads the real environment; called once, by the entry points. */
export function loadConfig(): Config {
  return parseConfig(process.env);
}

/** A database URL fit for logs: the password never leaves the process. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable>';
  }
}
