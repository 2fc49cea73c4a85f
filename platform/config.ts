import path from 'node:path';
import { z } from 'zod';
// --- billing (payments) ---
import { type BillingConfig, billingConfigOf, billingEnv } from './billing-config.js';
import { type KnowledgeConfig, knowledgeConfigOf, knowledgeEnv } from './knowledge-config.js';
// --- end billing (payments) ---

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

export const ROLES = ['api', 'collab', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const positiveInt = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive');

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user@127.0.0.1:5432/app');

const roles = z
  .string()
  .transform((value) => value.split(',').map((role) => role.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ROLES, { error: `each role must be one of ${ROLES.join(', ')}` })).min(1, 'name at least one role'))
  .transform((list) => [...new Set(list)]);

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Each variable with its default and why it exists; the README's table mirrors these descriptions. */
export const envSchema = z.object({
  /** development | test | production. Production turns on JSON logs and refuses unsafe conveniences. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Interface the HTTP server binds to. */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** TCP port for HTTP, REST and the `/collab` WebSocket; 0 picks a free port. */
  PORT: port.default(3000),
  /** Proxies in front of the app whose X-Forwarded-For is believed (nginx alone: 1). 0: the socket's own address is the client's, and the headers are ignored (anyone could forge them). */
  TRUST_PROXY_HOPS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(10, 'must be at most 10').default(0),
  /** PostgreSQL server to use. Unset: embedded PGlite stored under DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  /** Most connections the pool opens to DATABASE_URL (PGlite always uses one). */
  DATABASE_POOL_MAX: positiveInt.max(200, 'must be at most 200').default(10),
  /**
   * Refuse (with an error) the pool's own queries inside a transaction, a mistake that can hang a
   * request. Costs ~4 % CPU on a busy server (a hook on every promise). Default: on, except with
   * NODE_ENV=production. The embedded database always refuses (there the mistake always hangs).
   */
  DATABASE_GUARD_TRANSACTIONS: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional()),
  /** Where embedded data (PGlite) lives; kept across restarts. */
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** Comma-separated roles this process runs: api, collab, worker. */
  ROLES: roles.default(['api', 'collab', 'worker']),
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json or pretty; defaults to pretty in development and json elsewhere. */
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'pretty']).optional()),
  /** Longest a graceful shutdown may take before the process gives up and exits 1. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /** Largest JSON request body accepted by the REST API, in bytes. */
  JSON_BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  /** Largest WebSocket frame the collab server accepts; a larger one closes that connection (1009). */
  COLLAB_MAX_MESSAGE_BYTES: positiveInt.default(8 * 1024 * 1024),
  /** Largest a document may grow, as stored (deleted content counts until compaction); an update past it closes the sender's socket (4413). */
  COLLAB_MAX_DOCUMENT_BYTES: positiveInt.default(64 * 1024 * 1024),
  /** Bytes of updates one socket may hold back while what they depend on has not arrived; past it the socket is closed (4400 missing-dependencies). */
  COLLAB_MAX_WAITING_BYTES: positiveInt.default(1024 * 1024),
  /** How long an update may wait for what it depends on before its socket is closed (4400 missing-dependencies). */
  COLLAB_MAX_WAIT_MS: positiveInt.default(10_000),
  /** New Yjs client ids one connection may introduce (a reload replays a few); more closes it (4400 refused-update). */
  COLLAB_NEW_CLIENT_IDS_PER_CONNECTION: positiveInt.default(64),
  /** New Yjs client ids one person or API key may introduce in one document per day. */
  COLLAB_NEW_CLIENT_IDS_PER_DAY: positiveInt.default(1_000),
  /** Sustained Yjs updates per second one socket may send; past it the socket is closed (4429). */
  COLLAB_UPDATES_PER_SECOND: positiveInt.default(100),
  /** Updates one socket may send at once before the sustained rate applies (typing bursts, reconnects). */
  COLLAB_UPDATE_BURST: positiveInt.default(1_000),
  /** Every this many updates from one socket, it is not read until what the server received is committed (backpressure). */
  COLLAB_MAX_UNSAVED_PER_SOCKET: positiveInt.default(64),
  /** Logged updates after which a document's log is folded into its snapshot (in the background). */
  COLLAB_COMPACT_AFTER_UPDATES: positiveInt.default(200),
  /** Document history: a checkpoint after this many seconds of quiet following a change… */
  HISTORY_QUIET_SECONDS: positiveInt.default(300),
  /** …or after this many committed updates. */
  HISTORY_CHECKPOINT_UPDATES: positiveInt.default(500),
  /** Automatic checkpoints older than this are pruned (named versions stay). */
  HISTORY_RETENTION_DAYS: positiveInt.default(30),
  /** Batches of analytics events one person (or API key) may send per minute; more answer 429. */
  ANALYTICS_EVENTS_PER_MINUTE: positiveInt.default(60),
  /** Raw analytics events and hourly rollups older than this are removed by the daily retention job. */
  ANALYTICS_RAW_RETENTION_DAYS: positiveInt.max(3_650, 'must be at most ten years').default(90),
  /** Daily rollups older than this are removed (the seed asks for two years of history). */
  ANALYTICS_ROLLUP_RETENTION_DAYS: positiveInt.max(3_650, 'must be at most ten years').default(730),
  /** With a language model configured: seconds after a vote before its item's feedback is read by the model (a burst of feedback is one request). */
  VOTE_FEEDBACK_ANALYSIS_DELAY_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0).max(3_600).default(10),
  /** How long dashboards' aggregates are cached (writes that change them invalidate sooner); 0 turns the cache off. */
  ANALYTICS_CACHE_SECONDS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(86_400, 'must be at most a day').default(300),
  /** Redis (redis:// or rediss://), shared by every instance: documents, presence, access changes, rate limits and caches. Unset: one instance, everything in its memory. */
  REDIS_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  /** Prefix of every key this deployment writes to Redis: deployments (or test runs) sharing one Redis never meet. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1–64 letters, digits, ":", "_" or "-"').default('studio:'),
  /** With REDIS_URL: how often an instance compares its loaded documents with their stored versions (a document behind at two checks in a row is caught up from the log). */
  REDIS_DOCUMENT_CHECK_MS: positiveInt.min(100, 'must be at least 100').max(60_000, 'must be at most a minute').default(1_000),
  /** How long a person's data export (POST /api/me/export) can be downloaded; then its archive is deleted and its link answers 404. */
  EXPORT_LINK_DAYS: positiveInt.max(90, 'must be at most 90').default(7),
  /** Uploaded files an export carries, in bytes in all (the archive is built in memory); files past it are listed, not included. */
  EXPORT_MAX_FILE_BYTES: positiveInt.default(268_435_456),
  /** The URL browsers use to reach this server: sets cookie security, the CSRF origin and sign-in callbacks. Default http://HOST:PORT. */
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  /** Further origins (comma-separated) allowed to send cookie-authenticated changes, e.g. a separate web dev server. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'each origin must be an http(s) URL' }))),
  /** Secret (at least 32 characters) that signs access tokens. Required in production; otherwise generated once and kept in DATA_DIR. */
  AUTH_JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  /** Key (at least 32 characters) sealing integration secrets at rest (AES-256-GCM). Required in production; otherwise generated once and kept in DATA_DIR. */
  SECRETS_KEY: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  /** Bearer token for GET /metrics (Prometheus); unset: /metrics answers 404. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** Earlier SECRETS_KEY values (comma-separated) that still open what they sealed, during a rotation. */
  SECRETS_PREVIOUS_KEYS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean)),
  /**
   * Master key (at least 32 characters) of the test-accounts vault: it wraps each record's data key
   * (envelope encryption, platform/vault.ts). Required in production; otherwise generated once and
   * kept in DATA_DIR. Never stored in the database and never logged.
   */
  VAULT_MASTER_KEY: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  /** Earlier VAULT_MASTER_KEY values (comma-separated) that still unwrap what they wrapped, until `npm run vault:rewrap` moves it to the current key. */
  VAULT_PREVIOUS_MASTER_KEYS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((key) => key.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(32, 'each key must be at least 32 characters'))),
  /** How long a test account's previous password stays revealable after its rotator webhook replaced it (the service may still expect it meanwhile). */
  TEST_ACCOUNT_ROTATION_GRACE_HOURS: positiveInt.max(720, 'must be at most 720 (30 days)').default(24),
  /**
   * Lets integrations point at http:// URLs, private, loopback and link-local addresses, and hosts
   * other than discord.com / hooks.slack.com (local fakes, a tunnel). Default: true only when
   * NODE_ENV=development; refused in production, where such URLs would let members probe the
   * server's own network.
   */
  INTEGRATIONS_ALLOW_PRIVATE_URLS: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional()),
  /** Lifetime of an access token (JWT). */
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  /** Lifetime of a refresh token; each refresh issues a new one. */
  REFRESH_TOKEN_TTL_DAYS: positiveInt.default(30),
  /** POST /auth/dev/login signs anyone in by email: on by default only on the embedded database, never in production. */
  AUTH_DEV_LOGIN: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional()),
  /** Google sign-in: both set to enable it. */
  GOOGLE_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
  GOOGLE_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Google endpoints; override only to point at a local OAuth server in tests. */
  GOOGLE_AUTHORIZATION_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_USERINFO_URL: z.url().default('https://www.googleapis.com/oauth2/v3/userinfo'),
  GOOGLE_REVOKE_URL: z.url().default('https://oauth2.googleapis.com/revoke'),
  /** Google Calendar sync: the API's root (a local fake in tests). */
  GOOGLE_CALENDAR_API_URL: z.url().default('https://www.googleapis.com/'),
  /**
   * Where Google sends push notifications of calendar changes (Google needs https it can reach).
   * Unset: <public URL>/api/google-calendar/notifications, used as GOOGLE_CALENDAR_PUSH says.
   */
  GOOGLE_CALENDAR_PUSH_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  /** auto: push when the push URL is https, polling otherwise; always: push even over http (a tunnel, tests); never: poll. */
  GOOGLE_CALENDAR_PUSH: z.enum(['auto', 'always', 'never']).default('auto'),
  /** How often a calendar without a push channel is polled. */
  GOOGLE_CALENDAR_POLL_SECONDS: positiveInt.max(86_400, 'must be at most a day').default(60),
  /** How often each worker looks for linked calendars that changed here or are due (edits with no change-feed event, such as a new title, wait at most this long). */
  GOOGLE_CALENDAR_SCAN_SECONDS: positiveInt.max(3_600, 'must be at most an hour').default(10),
  /** How long a push channel is asked to live (Google caps it); it is renewed a day before it ends. */
  GOOGLE_CALENDAR_CHANNEL_TTL_SECONDS: positiveInt.max(2_592_000, 'must be at most 30 days').default(604_800),
  /** Sign-in attempts per client IP per minute on /auth routes. */
  RATE_LIMIT_AUTH_PER_MINUTE: positiveInt.default(20),
  /** API requests per user (or API key) per minute. */
  RATE_LIMIT_API_PER_MINUTE: positiveInt.default(600),
  /** How often an idle worker looks for due jobs. */
  WORKER_POLL_INTERVAL_MS: positiveInt.default(1_000),
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: positiveInt.max(64, 'must be at most 64').default(2),
  /** Jobs of one kind a worker takes per fetch (it fetches again at once while batches come back full). */
  WORKER_BATCH_SIZE: positiveInt.max(100, 'must be at most 100').default(8),
  /** How often a worker checks for jobs whose worker died (missed heartbeats, expired runs) and retries them. */
  WORKER_SUPERVISE_INTERVAL_SECONDS: positiveInt.max(3_600, 'must be at most 3600').default(15),
  /** Days finished jobs are kept before pg-boss deletes them. */
  JOB_RETENTION_DAYS: positiveInt.default(7),
  /** The PostgreSQL schema the job queue (pg-boss) keeps its tables in. */
  JOBS_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,50}$/, 'must be a lower-case SQL identifier').default('pgboss'),
  /** SMTP server for email notifications, e.g. smtps://user:pass@smtp.example.com:465 (smtp:// upgrades with STARTTLS when offered). Unset: no email is sent or planned. */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
        } catch {
          return false;
        }
      }, 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@127.0.0.1:587')
      .optional(),
  ),
  /** The From of notification emails: an address the SMTP server lets this app send as. */
  SMTP_FROM: z.string().trim().min(3).max(320).default('Studio <notifications@localhost>'),
  /** false accepts an SMTP server's self-signed or mismatched TLS certificate (a relay inside your network); keep true otherwise. */
  SMTP_TLS_REJECT_UNAUTHORIZED: z.enum(['true', 'false']).default('true'),
  /** How long a person's email notifications gather before one email carries them all (their digest setting can make it longer). */
  EMAIL_BATCH_WINDOW_MS: positiveInt.default(60_000),
  /** Attempts to deliver a notification email before it is dead (backoff 2 s, 4 s, 8 s … up to 10 min between them; greylisting SMTP servers ask for minutes). */
  EMAIL_DELIVERY_MAX_ATTEMPTS: positiveInt.max(50, 'must be at most 50').default(10),
  /** A failed delivery's first retry waits about this long (with jitter), each next one twice as long, up to 10 minutes. */
  DELIVERY_BACKOFF_BASE_MS: positiveInt.min(100, 'must be at least 100').max(600_000, 'must be at most 600000').default(2_000),
  /**
   * A delivery still 'sending' this long after its claim belonged to a worker that died mid-call
   * and is sent again. Keep it well above the longest call (10 s for chat), so a slow call in
   * progress is never doubled.
   */
  DELIVERY_IN_DOUBT_AFTER_MS: positiveInt.min(15_000, 'must be at least 15000').default(60_000),
  /** Attempts to deliver an event to a Discord or Slack webhook before it is dead (backoff 2 s, 4 s, 8 s … up to 10 min between them). */
  CHAT_DELIVERY_MAX_ATTEMPTS: positiveInt.max(50, 'must be at most 50').default(10),
  /** Attempts to deliver an event to JIRA (create an issue, transition one) before it is dead (backoff 2 s, 4 s, 8 s … up to 10 min between them). */
  JIRA_DELIVERY_MAX_ATTEMPTS: positiveInt.max(50, 'must be at most 50').default(10),
  /**
   * After a create call to JIRA whose answer was lost (a timeout, a dropped connection, a 5xx), how
   * long to wait before the retry searches JIRA for the issue by its label: JIRA's search index
   * lags a freshly created issue, and searching too early would create it twice.
   */
  JIRA_CREATE_SETTLE_MS: positiveInt.max(3_600_000, 'must be at most an hour').default(30_000),
  /** S3 bucket for uploaded files. Unset: files are kept on local disk under DATA_DIR/blobs (the embedded default). */
  S3_BUCKET: z.preprocess(emptyAsUndefined, z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)').optional()),
  /** Any S3-compatible endpoint (MinIO, a local fake). Unset: AWS itself, per S3_REGION. */
  S3_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  /** The bucket's region (MinIO and fakes accept any). */
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and most fakes need. Default: true when S3_ENDPOINT is set. */
  S3_FORCE_PATH_STYLE: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).optional()),
  /** Static credentials for S3; both or neither. Unset: the AWS SDK's own chain (environment, instance role). */
  S3_ACCESS_KEY_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Largest file one upload may carry, in bytes (enforced by the signed upload itself and checked again on complete). */
  ASSET_MAX_BYTES: positiveInt.default(200 * 1024 * 1024),
  /** Bytes of uploaded files one project may keep (originals; previews are not counted). */
  ASSET_PROJECT_QUOTA_BYTES: positiveInt.default(5 * 1024 * 1024 * 1024),
  /** How long a signed upload URL or POST policy stays valid. */
  ASSET_UPLOAD_URL_TTL_SECONDS: positiveInt.max(3_600, 'must be at most 3600').default(300),
  /** How long a signed download URL stays valid. */
  ASSET_DOWNLOAD_URL_TTL_SECONDS: positiveInt.max(86_400, 'must be at most 86400').default(300),
  /** Largest image (width × height) processing decodes; larger ones (decompression bombs) fail with a reason instead of exhausting memory. */
  ASSET_MAX_IMAGE_PIXELS: positiveInt.default(50_000_000),
  /** Where downloads are served from when a CDN fronts the bucket: the signed URL's origin and bucket prefix are replaced by it. */
  CDN_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  /** The ffmpeg and ffprobe programs for video posters (Debian: apt-get install ffmpeg). Missing: videos are kept with "no preview". */
  FFMPEG_PATH: z.string().trim().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().trim().min(1).default('ffprobe'),
  // --- Assets, issue 15 (second part) ---
  /** Largest file `POST /api/projects/:id/assets` takes in one multipart request; larger ones use the upload flow. At most ASSET_MAX_BYTES in effect. */
  ASSET_MULTIPART_MAX_BYTES: positiveInt.max(100 * 1024 * 1024, 'must be at most 100 MiB (the request is held in memory)').default(10 * 1024 * 1024),
  /** poppler's pdftoppm, for PDF first-page previews (Debian: apt-get install poppler-utils). Missing: PDFs are kept with "no preview". */
  PDFTOPPM_PATH: z.string().trim().min(1).default('pdftoppm'),
  /** Where browsers reach the bucket when the app reaches it at another address (compose: the app uses http://minio:9000, browsers http://localhost:9000). Unset: S3_ENDPOINT. */
  S3_PUBLIC_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  // --- end of assets, issue 15 ---
  // ---- Billing: invoices and tax (issue 18, invoices) ----
  /** The seller's country (ISO 3166-1 alpha-2): a B2B buyer with a tax id in another EU country is reverse-charged. */
  BILLING_SELLER_COUNTRY: z.string().trim().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as DE').default('DE'),
  /** The seller as printed on invoices: a name, and address lines separated by "\n" or "|". */
  BILLING_SELLER_NAME: z.string().trim().min(1).max(200).default('Studio Sync'),
  BILLING_SELLER_ADDRESS: z.string().trim().max(1_000).default(''),
  /** Tax rate per buyer country in basis points (1 % = 100), as JSON: {"DE":1900,"FR":2000}. Countries not listed are taxed at 0. */
  BILLING_TAX_RATES: z.preprocess(emptyAsUndefined, z.string().optional()),
  // ---- end billing ----
  // --- billing (payments) ---
  ...billingEnv,
  // --- end billing (payments) ---
  // Knowledge documents and AI chat (issue 16).
  ...knowledgeEnv,
});

export type Env = z.input<typeof envSchema>;

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
  history: { quietSeconds: number; checkpointUpdates: number; retentionDays: number };
  /** Usage analytics (ANALYTICS_*): how fast clients may report, how long raw events and rollups are kept. */
  analytics: { eventsPerMinute: number; rawRetentionDays: number; rollupRetentionDays: number; cacheSeconds: number };
  /** RLHF votes (VOTE_*): when feedback is read by the language model. */
  votes: { feedbackAnalysisDelaySeconds: number };
  /** REDIS_URL, when instances share Redis, the prefix of every key written there, and how often loaded documents are checked against the log. */
  redis: { url: string; keyPrefix: string; documentCheckMs: number } | undefined;
  /** Personal data exports (EXPORT_*): how long a download link lives, how many bytes of files one archive carries. */
  privacy: { exportLinkDays: number; exportMaxFileBytes: number };
  worker: { pollIntervalMs: number; concurrency: number; batchSize: number; superviseIntervalSeconds: number; jobRetentionDays: number; schema: string };
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
  chat: { maxAttempts: number };
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
    history: { quietSeconds: e.HISTORY_QUIET_SECONDS, checkpointUpdates: e.HISTORY_CHECKPOINT_UPDATES, retentionDays: e.HISTORY_RETENTION_DAYS },
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
    chat: { maxAttempts: e.CHAT_DELIVERY_MAX_ATTEMPTS },
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
