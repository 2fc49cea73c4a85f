import { z } from 'zod';
// --- billing (payments) ---
import { billingEnv } from './billing-config.js';
// --- end billing (payments) ---
import { knowledgeEnv } from './knowledge-config.js';

/**
 * The environment variables the process reads, each with its default, its check and why it
 * exists (the README's table mirrors these descriptions). `config.ts` turns them into `Config`.
 */
export const ROLES = ['api', 'collab', 'worker'] as const;
export type Role = (typeof ROLES)[number];

const wholeNumber = z.coerce.number({ error: 'must be a number' }).int('must be a whole number');

const port = wholeNumber.min(0, 'must be between 0 and 65535').max(65535, 'must be between 0 and 65535');

const positiveInt = wholeNumber.positive('must be positive');
/** A duration in seconds, where 0 turns the thing off. */
const secondsUpToADay = wholeNumber.min(0, 'must be 0 or more').max(86_400, 'must be at most a day');

/** A URL with a host and one of `protocols` (each with its colon, as `URL.protocol` spells it). */
const urlOf = (protocols: readonly string[], message: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname !== '';
      } catch {
        return false;
      }
    }, message);

const postgresUrl = urlOf(['postgres:', 'postgresql:'], 'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user@127.0.0.1:5432/app');

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
  TRUST_PROXY_HOPS: wholeNumber.min(0).max(10, 'must be at most 10').default(0),
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
  /** …but, counted by updates, at most one per document this often (a document written without pause is not checkpointed every second). */
  HISTORY_CHECKPOINT_MIN_SECONDS: secondsUpToADay.default(60),
  /** Automatic checkpoints older than this are pruned (named versions stay). */
  HISTORY_RETENTION_DAYS: positiveInt.default(30),
  /** Batches of analytics events one person (or API key) may send per minute; more answer 429. */
  ANALYTICS_EVENTS_PER_MINUTE: positiveInt.default(60),
  /** Raw analytics events and hourly rollups older than this are removed by the daily retention job. */
  ANALYTICS_RAW_RETENTION_DAYS: positiveInt.max(3_650, 'must be at most ten years').default(90),
  /** Daily rollups older than this are removed (the seed asks for two years of history). */
  ANALYTICS_ROLLUP_RETENTION_DAYS: positiveInt.max(3_650, 'must be at most ten years').default(730),
  /** With a language model configured: seconds after a vote before its item's feedback is read by the model (a burst of feedback is one request). */
  VOTE_FEEDBACK_ANALYSIS_DELAY_SECONDS: wholeNumber.min(0).max(3_600).default(10),
  /** How long dashboards' aggregates are cached (writes that change them invalidate sooner); 0 turns the cache off. */
  ANALYTICS_CACHE_SECONDS: secondsUpToADay.default(300),
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
  /** How often a worker looks for jobs when nothing announces them (WORKER_LISTEN_NOTIFY off), and while a delayed job or a retry it knows of is coming due. */
  WORKER_POLL_INTERVAL_MS: positiveInt.default(1_000),
  /** Queued jobs are announced with PostgreSQL NOTIFY and workers LISTEN, so they wake at once and otherwise poll rarely. Turn off behind a transaction-pooling connection pooler, which cannot LISTEN. */
  WORKER_LISTEN_NOTIFY: z.enum(['true', 'false']).default('true'),
  /** With WORKER_LISTEN_NOTIFY: how often a worker looks for jobs anyway, for those nothing announced (delayed or retried by another process). At least WORKER_POLL_INTERVAL_MS. */
  WORKER_IDLE_POLL_INTERVAL_MS: positiveInt.max(3_600_000, 'must be at most an hour').default(10_000),
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
    urlOf(['smtp:', 'smtps:'], 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@127.0.0.1:587').optional(),
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
  /** Events of one Discord or Slack destination gather this long before one message carries them all. */
  CHAT_BATCH_WINDOW_MS: positiveInt.min(100, 'must be at least 100').max(60_000, 'must be at most 60000').default(2_000),
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
