import { ConfigError, loadConfig } from '../platform/config.js';
import { migrate } from '../platform/db/migrate.js';
import { openDatabase } from '../platform/db/open-database.js';
import { createLogger } from '../platform/logger.js';

/** `npm run migrate`: apply pending migrations once and exit; non-zero when that fails. */
try {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabase(config.database, logger);
  try {
    const report = await migrate(db);
    process.stdout.write(
      `Schema at version ${report.currentVersion}; applied ${report.applied.length ? report.applied.map((m) => `${m.version}_${m.name}`).join(', ') : 'nothing (already current)'}.\n`,
    );
  } finally {
    await db.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Migration failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
  process.exit(1);
}
