import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { openPglite } from './open-database.js';

/**
 * Backups of either backend, consistent while the server runs:
 * - embedded PGlite: its data directory as a gzipped tar (`dumpDataDir`), taken between two
 *   queries after a CHECKPOINT, so it opens like a database after a clean shutdown (anything
 *   committed is in it; a transaction still open is not);
 * - PostgreSQL: `pg_dump --format=custom` (one snapshot of the whole database, or of the schema
 *   `search_path` names), restored with `pg_restore`.
 */
export type BackupFormat = 'pglite-tar-gz' | 'pg-dump-custom';

export const backupFormatOf = (db: Database): BackupFormat => (db.connection.kind === 'pglite' ? 'pglite-tar-gz' : 'pg-dump-custom');

export async function dumpPglite(pglite: PGlite): Promise<Blob> {
  await pglite.exec('CHECKPOINT');
  return pglite.dumpDataDir('gzip');
}

/** The schema a Postgres URL confines itself to (`?options=-c search_path=x`), if any: a backup then covers that schema only. */
export function schemaOf(url: string): string | undefined {
  const options = new URL(url).searchParams.get('options') ?? '';
  return /search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options)?.[1];
}

/** libpq reads `options` from the URL too, but pg_dump's `--schema` must name it: pass the URL without it. */
function withoutOptions(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete('options');
  return parsed.toString();
}

/** A running `pg_dump` of the database (custom format) to read from; rejects `done` if it fails. */
export function pgDump(url: string): { output: Readable; done: Promise<void> } {
  const schema = schemaOf(url);
  const child = spawn('pg_dump', ['--format=custom', '--no-owner', ...(schema ? [`--schema=${schema}`] : []), `--dbname=${withoutOptions(url)}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { output: child.stdout, done: exited(child, 'pg_dump') };
}

/** Restores a custom-format dump over the database (its objects dropped and recreated), in one transaction. */
export function pgRestore(url: string, file: string): Promise<void> {
  const child = spawn('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${withoutOptions(url)}`, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return exited(child, 'pg_restore');
}

/**
 * Makes `dataDir` the database in `file` (a PGlite backup). What was there is kept beside it as
 * `<dataDir>.before-restore-<time>`, never deleted. The server must not be running (the data
 * directory's lock says so).
 */
export async function restorePglite(dataDir: string, file: string): Promise<{ previous: string | null }> {
  const image = new Blob([fs.readFileSync(file)]);
  const existed = fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0;
  // Throws while a server has the data directory open: nothing is touched then.
  const release = acquireDataDirLock(dataDir);
  try {
    let previous: string | null = null;
    if (existed) {
      previous = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(dataDir, previous);
    } else {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    const db = await openPglite(dataDir, image);
    await db.close();
    return { previous };
  } finally {
    release();
  }
}

function exited(child: ReturnType<typeof spawn>, name: string): Promise<void> {
  let errors = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors = `${errors}${chunk}`.slice(-4000)));
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${name} could not run (is it installed?): ${error.message}`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}: ${errors.trim()}`))));
  });
}
