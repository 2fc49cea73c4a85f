import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { Config } from '../../platform/config.js';
import type { Database, DatabaseKind } from '../../platform/db/database.js';
import { migrate } from '../../platform/db/migrate.js';
import { openDatabase, openPglite } from '../../platform/db/open-database.js';
import { silentLogger } from './logger.js';

export const BACKENDS: readonly DatabaseKind[] = ['pglite', 'postgres'];

export interface TestDatabase {
  db: Database;
  /** What a process would be configured with to reach the same data (Postgres only: PGlite here lives in memory). */
  databaseUrl: string | undefined;
  /** Opens another, independent connection pool on the same data (Postgres only). */
  openAnother(): Promise<Database>;
  cleanup(): Promise<void>;
}

/** An empty database of the given kind: its own PGlite instance, or its own schema on the shared server. */
export function freshDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return databaseFrom(kind, 'pgliteImagePath');
}

/**
 * A database of the given kind with every migration applied, so a server started on it finds none
 * to apply. PGlite loads the run's migrated image; on PostgreSQL the migrations run in the new
 * schema.
 */
export async function migratedDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const test = await databaseFrom(kind, 'pgliteMigratedImagePath');
  if (kind === 'pglite') return test;
  try {
    await migrate(test.db);
    return test;
  } catch (error) {
    await test.cleanup();
    throw error;
  }
}

async function databaseFrom(kind: DatabaseKind, pgliteImage: 'pgliteImagePath' | 'pgliteMigratedImagePath'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const image = new Blob([fs.readFileSync(inject(pgliteImage))]);
    const db = await openPglite(undefined, image);
    return {
      db,
      databaseUrl: undefined,
      openAnother: () => Promise.reject(new Error('an in-memory PGlite has one connection pool')),
      cleanup: () => db.close(),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const base = inject('postgresUrl');
  await withAdmin(base, (client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  const open = () => openDatabase({ kind: 'postgres', url: databaseUrl, poolMax: 5 }, silentLogger);
  const db = await open();
  return {
    db,
    databaseUrl,
    openAnother: open,
    cleanup: async () => {
      await db.close();
      await withAdmin(base, (client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
    },
  };
}

export function databaseConfigFor(test: TestDatabase): Config['database'] {
  return test.databaseUrl ? { kind: 'postgres', url: test.databaseUrl, poolMax: 5 } : { kind: 'pglite', dataDir: '(in memory)' };
}

async function withAdmin(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
