import fs from 'node:fs';
import { loadConfig } from '../platform/config.js';
import { pgRestore, restorePglite } from '../platform/db/backup.js';

/**
 * `npm run restore -- <file> --yes`: replaces the configured database with a backup made by
 * `npm run backup`. Stop the server first (an embedded database says so if it is still open).
 * Embedded: the current data directory is kept beside it, renamed. PostgreSQL: pg_restore drops
 * and recreates the backed-up objects in one transaction.
 */
const [file, ...flags] = process.argv.slice(2);
if (!file || !flags.includes('--yes')) {
  process.stderr.write('usage: npm run restore -- <file> --yes   (replaces the configured database; stop the server first)\n');
  process.exit(2);
}
if (!fs.existsSync(file)) {
  process.stderr.write(`No such file: ${file}\n`);
  process.exit(2);
}
const config = loadConfig();
try {
  if (config.database.kind === 'postgres') {
    await pgRestore(config.database.url, file);
    process.stdout.write(`Restored ${file} into the configured PostgreSQL database\n`);
  } else {
    const { previous } = await restorePglite(config.database.dataDir, file);
    process.stdout.write(`Restored ${file} into ${config.database.dataDir}${previous ? ` (the previous data is in ${previous})` : ''}\n`);
  }
} catch (error) {
  process.stderr.write(`Restore failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
