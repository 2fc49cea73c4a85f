import { Router } from 'express';
import type { Database } from '../../platform/db/database.js';
import { latestVersion, schemaVersion } from '../../platform/db/migrate.js';
import { sendData, sendError } from '../envelope.js';

const READINESS_DB_TIMEOUT_MS = 2_000;

/**
 * `/healthz`: the process is alive (never touches the database, so a slow database does not
 * get a healthy process restarted). `/readyz`: the database answers, the schema is current and the
 * process has finished starting (its job queue is ready), so whoever waits for it can write.
 * With REDIS_URL it also says whether Redis answers, without failing readiness over it.
 */
export function healthRouter(db: Database, started: () => boolean = () => true, redisStatus?: () => 'ok' | 'unreachable'): Router {
  const router = Router();
  const expectedVersion = latestVersion();

  router.get('/healthz', (_req, res) => {
    sendData(res, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });

  router.get('/readyz', async (req, res) => {
    // Redis is reported, not required: without it instances fall back to their own caches and limits (and say so in the log).
    const checks = { database: 'unreachable', schemaVersion: null as number | null, expectedSchemaVersion: expectedVersion, startup: started() ? 'done' : 'starting', ...(redisStatus ? { redis: redisStatus() } : {}) };
    try {
      await db.ping(READINESS_DB_TIMEOUT_MS);
      checks.database = 'ok';
      checks.schemaVersion = await schemaVersion(db);
    } catch (error) {
      req.log.warn({ err: error }, 'readiness check: database unreachable');
    }
    if (checks.database === 'ok' && checks.schemaVersion === expectedVersion && checks.startup === 'done') {
      sendData(res, { status: 'ready', ...checks });
      return;
    }
    const message = checks.database !== 'ok' ? 'The database is unreachable.' : checks.schemaVersion !== expectedVersion ? 'Database migrations are not applied yet.' : 'The server is still starting.';
    sendError(res, 503, { code: 'NOT_READY', message }, { status: 'not-ready', ...checks });
  });

  return router;
}
