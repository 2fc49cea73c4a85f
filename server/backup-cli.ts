import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { BACKUP_TOKEN_FILE, BACKUP_TOKEN_HEADER } from '../rest/admin/backup-routes.js';
import { loadConfig } from '../platform/config.js';
import { dumpPglite, pgDump } from '../platform/db/backup.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { openPglite } from '../platform/db/open-database.js';
import { secretFromConfigOrDataDir } from '../platform/data-dir-secret.js';

/**
 * `npm run backup -- <file>`: a consistent backup of the configured database, the server running
 * or not. PostgreSQL: pg_dump (custom format). Embedded PGlite: when a server holds the data
 * directory, it is asked for the copy (with the token in DATA_DIR); otherwise the directory is
 * opened here. Written to `<file>.partial` and renamed, so a file that exists is complete.
 */
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run backup -- <file>\n');
  process.exit(2);
}
const config = loadConfig();
const partial = `${file}.partial`;

async function fromRunningServer(): Promise<void> {
  const token = secretFromConfigOrDataDir(undefined, config.dataDir, BACKUP_TOKEN_FILE);
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.port}/api/admin/backup`, { method: 'POST', headers: { [BACKUP_TOKEN_HEADER]: token } });
  if (!response.ok || !response.body) throw new Error(`the running server refused the backup: ${response.status} ${await response.text()}`);
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), fs.createWriteStream(partial));
}

try {
  if (config.database.kind === 'postgres') {
    const dump = pgDump(config.database.url);
    await Promise.all([pipeline(dump.output, fs.createWriteStream(partial)), dump.done]);
  } else {
    try {
      const db = await openPglite(config.database.dataDir);
      try {
        if (db.connection.kind !== 'pglite') throw new Error('expected PGlite');
        fs.writeFileSync(partial, Buffer.from(await (await dumpPglite(db.connection.pglite)).arrayBuffer()));
      } finally {
        await db.close();
      }
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      await fromRunningServer();
    }
  }
  fs.renameSync(partial, file);
  process.stdout.write(`Backed up to ${file} (${fs.statSync(file).size} bytes)\n`);
} catch (error) {
  fs.rmSync(partial, { force: true });
  process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
