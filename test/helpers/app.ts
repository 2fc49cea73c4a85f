import { randomBytes } from 'node:crypto';
import type { DatabaseKind } from '../../platform/db/database.js';
import { type RunningApp, startApp } from '../../server/app.js';
import { parseConfig } from '../../platform/config.js';
import { databaseConfigFor, migratedDatabase } from './databases.js';
import { silentLogger } from './logger.js';

export interface TestApp extends RunningApp {
  wsUrl: string;
  /** The environment it was configured with (a peer instance starts from it). */
  env: Record<string, string>;
  /** Its PostgreSQL database (absent on PGlite, which no other process can open). */
  databaseUrl?: string;
}

/** A real server on port 0 over a fresh database of the given kind, migrated and ready. */
export async function startTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const test = await migratedDatabase(kind);
  const fullEnv = { NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', RATE_LIMIT_AUTH_PER_MINUTE: '100000', RATE_LIMIT_API_PER_MINUTE: '100000', JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}`, ...env };
  const config = { ...parseConfig(fullEnv), database: databaseConfigFor(test) };
  const app = await startApp(config, silentLogger, { db: test.db });
  await app.migrated;
  return {
    ...app,
    env: fullEnv,
    ...(test.databaseUrl ? { databaseUrl: test.databaseUrl } : {}),
    wsUrl: `${app.url.replace('http', 'ws')}/collab`,
    stop: async () => {
      await app.stop();
      await test.cleanup().catch(() => {});
    },
  };
}

/**
 * Another instance of the same deployment as `of` (its PostgreSQL database, its job queue schema,
 * its secrets), with `env` on top (e.g. other ROLES). Stopping it leaves the database to `of`.
 */
export async function startPeerApp(of: TestApp, env: Record<string, string> = {}): Promise<TestApp> {
  if (!of.databaseUrl) throw new Error('a peer instance needs a PostgreSQL database: PGlite is one process');
  const fullEnv = { ...of.env, ...env };
  const app = await startApp({ ...parseConfig(fullEnv), database: { kind: 'postgres', url: of.databaseUrl, poolMax: 5 } }, silentLogger);
  await app.migrated;
  return { ...app, env: fullEnv, databaseUrl: of.databaseUrl, wsUrl: `${app.url.replace('http', 'ws')}/collab` };
}
