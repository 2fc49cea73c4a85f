import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export type MigrationErrorCode = 'SCHEMA_NEWER_THAN_CODE' | 'MIGRATION_CHANGED' | 'MIGRATION_FILE_INVALID';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** One key for every process of this app, whatever schema it migrates. */
const ADVISORY_LOCK_KEY = 'studio-sync:migrations';

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new MigrationError('MIGRATION_FILE_INVALID', `migration file ${file} must be named NNNN_name.sql`);
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      return { version: Number(match[1]), name: match[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError('MIGRATION_FILE_INVALID', `migrations must be numbered 1, 2, 3… without gaps; found ${migration.version} at position ${index + 1}`);
    }
  });
  return migrations;
}

export interface MigrationReport {
  applied: Migration[];
  currentVersion: number;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so processes that
 * start together apply each migration exactly once. Refuses a schema that is newer than
 * the code or whose applied files were edited afterwards.
 */
export async function migrate(db: Database, migrations: Migration[] = loadMigrations()): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ADVISORY_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await readApplied(tx);
    assertCompatible(applied, migrations);
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
    }
    return { applied: pending, currentVersion: migrations.at(-1)?.version ?? 0 };
  });
}

/** The version the database is at, or 0 before any migration; used by readiness. */
export async function schemaVersion(db: Queryable): Promise<number> {
  const exists = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return 0;
  const result = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

export function latestVersion(migrations: Migration[] = loadMigrations()): number {
  return migrations.at(-1)?.version ?? 0;
}

async function readApplied(tx: Queryable): Promise<Map<number, { name: string; checksum: string }>> {
  const result = await tx.query<{ version: number; name: string; checksum: string }>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  return new Map(result.rows.map((row) => [row.version, { name: row.name, checksum: row.checksum }]));
}

function assertCompatible(applied: Map<number, { name: string; checksum: string }>, migrations: Migration[]): void {
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const [version, row] of applied) {
    const migration = known.get(version);
    if (!migration) {
      throw new MigrationError(
        'SCHEMA_NEWER_THAN_CODE',
        `the database is at schema version ${Math.max(...applied.keys())} but this code knows only up to ${latestVersion(migrations)}; deploy newer code or restore a matching database`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError('MIGRATION_CHANGED', `migration ${version}_${row.name} was edited after it was applied; add a new migration instead`);
    }
  }
}
