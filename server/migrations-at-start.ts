import type { Database } from '../platform/db/database.js';
import { MigrationError, migrate } from '../platform/db/migrate.js';
import type { Logger } from '../platform/logger.js';

/**
 * Applies migrations, retrying while the database is unreachable so the process keeps serving
 * `/readyz` (503) instead of crashing. A `MigrationError` (schema newer than the code, an
 * edited migration) is final: retrying cannot fix it.
 */
export function migrateAtStart(db: Database, logger: Logger, signal: AbortSignal): Promise<void> {
  return (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        const report = await migrate(db);
        logger.info({ applied: report.applied.map((m) => `${m.version}_${m.name}`), schemaVersion: report.currentVersion }, 'database schema is current');
        return;
      } catch (error) {
        if (error instanceof MigrationError || signal.aborted) throw error;
        const delayMs = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        logger.warn({ err: error, attempt, retryInMs: delayMs }, 'database not reachable for migrations; retrying');
        await sleep(delayMs, signal);
      }
    }
  })();
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
