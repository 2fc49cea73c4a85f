import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { createPoolDatabase, type Database } from './database.js';
import { createPgliteDatabase } from './pglite-database.js';

const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the configured database behind the `pg` driver API. For PostgreSQL nothing is
 * contacted yet (an unreachable server must not stop the process: readiness reports it).
 */
export async function openDatabase(database: Config['database'], logger: Logger): Promise<Database> {
  if (database.kind === 'postgres') return openPostgres(database.url, database.poolMax, database.guardTransactions ?? true, logger);
  // initdb in WASM takes seconds where reopening takes a fraction of one: say why the first start is slow.
  const fresh = !fs.existsSync(path.join(database.dataDir, 'PG_VERSION'));
  if (!fresh) return openPglite(database.dataDir);
  logger.info({ dataDir: database.dataDir }, `creating the embedded database in ${database.dataDir} (first start only: a few seconds, later starts reuse it)`);
  const started = performance.now();
  const db = await openPglite(database.dataDir);
  logger.info({ ms: Math.round(performance.now() - started) }, 'embedded database created');
  return db;
}

function openPostgres(url: string, max: number, guardTransactions: boolean, logger: Logger): Database {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS });
  // An idle client losing its server emits here; without a listener that would crash the process.
  pool.on('error', (error) => logger.error({ err: error }, 'idle database connection failed'));
  return createPoolDatabase(pool, url, guardTransactions);
}

/**
 * `dataDir` undefined opens a throwaway in-memory database; `initialData` starts it from a
 * `dumpDataDir()` image, which takes about a second instead of a fresh initdb's four (tests).
 */
export async function openPglite(dataDir: string | undefined, initialData?: Blob): Promise<Database> {
  const release = dataDir ? acquireDataDirLock(dataDir) : () => {};
  try {
    const pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(initialData ? { loadDataDir: initialData } : {}),
      extensions: { vector, pg_trgm },
    });
    await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector');
    return createPgliteDatabase(pglite, release);
  } catch (error) {
    release();
    throw error;
  }
}
