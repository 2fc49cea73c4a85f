import path from 'node:path';
import { z } from 'zod';

/**
 * The only module that reads `process.env`. Everything else receives the typed
 * `Config` built here, so a missing or malformed variable stops the process at
 * start instead of surfacing inside a request handler in production.
 */

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
  /** PostgreSQL server to use. Unset: embedded PGlite stored under DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  /** Most connections the pool opens to DATABASE_URL (PGlite always uses one). */
  DATABASE_POOL_MAX: positiveInt.max(200, 'must be at most 200').default(10),
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
  /** How often an idle worker looks for due jobs. */
  WORKER_POLL_INTERVAL_MS: positiveInt.default(1_000),
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: positiveInt.max(64, 'must be at most 64').default(2),
  /** Days finished jobs are kept before the maintenance job deletes them. */
  JOB_RETENTION_DAYS: positiveInt.default(7),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string; poolMax: number } | { kind: 'pglite'; dataDir: string };
  dataDir: string;
  roles: ReadonlySet<Role>;
  log: { level: string; format: 'json' | 'pretty' };
  shutdownTimeoutMs: number;
  http: { jsonBodyLimitBytes: number };
  collab: { maxMessageBytes: number };
  worker: { pollIntervalMs: number; concurrency: number; jobRetentionDays: number };
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
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    roles: new Set(e.ROLES),
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json') },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    http: { jsonBodyLimitBytes: e.JSON_BODY_LIMIT_BYTES },
    collab: { maxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES },
    worker: {
      pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
      concurrency: e.WORKER_CONCURRENCY,
      jobRetentionDays: e.JOB_RETENTION_DAYS,
    },
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
