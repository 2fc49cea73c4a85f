import { randomBytes } from 'node:crypto';
import type { DatabaseKind } from '../../platform/db/database.js';
import { type RunningApp, startApp } from '../../server/app.js';
import { parseConfig } from '../../platform/config.js';
import { databaseConfigFor, freshDatabase } from './databases.js';
import { silentLogger } from './logger.js';

export interface TestApp extends RunningApp {
  wsUrl: string;
}

/** A real server on port 0 over a fresh database of the given kind, migrated and ready. */
export async function startTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const test = await freshDatabase(kind);
  const config = { ...parseConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', RATE_LIMIT_AUTH_PER_MINUTE: '100000', RATE_LIMIT_API_PER_MINUTE: '100000', JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}`, ...env }), database: databaseConfigFor(test) };
  const app = await startApp(config, silentLogger, { db: test.db });
  await app.migrated;
  return {
    ...app,
    wsUrl: `${app.url.replace('http', 'ws')}/collab`,
    stop: async () => {
      await app.stop();
      await test.cleanup().catch(() => {});
    },
  };
}
