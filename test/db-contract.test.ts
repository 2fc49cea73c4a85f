import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseUsageError, type Queryable } from '../platform/db/database.js';
import { openDatabase } from '../platform/db/open-database.js';
import { silentLogger } from './helpers/logger.js';
import { MigrationError, latestVersion, loadMigrations, migrate, schemaVersion, type Migration } from '../platform/db/migrate.js';
import { BACKENDS, freshDatabase, type TestDatabase } from './helpers/databases.js';

/** One contract, two backends: anything the app relies on must hold on PGlite and on PostgreSQL alike. */
describe.each(BACKENDS)('data layer contract: %s', (kind) => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await freshDatabase(kind);
  });
  afterEach(async () => {
    await test.cleanup();
  });

  it('reports its kind and answers a ping', async () => {
    expect(test.db.kind).toBe(kind);
    await expect(test.db.ping(2_000)).resolves.toBeUndefined();
  });

  it('returns the same JavaScript types from both backends', async () => {
    await test.db.query('CREATE TABLE typed (id bigserial PRIMARY KEY, n int4, big int8, doc jsonb, bytes bytea, at timestamptz, ok boolean, label text)');
    const at = new Date('2026-01-02T03:04:05.678Z');
    await test.db.query('INSERT INTO typed (n, big, doc, bytes, at, ok, label) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      7,
      '9007199254740993',
      JSON.stringify({ a: [1, 'two'] }),
      Buffer.from([0, 255, 1]),
      at,
      true,
      'héllo',
    ]);
    const { rows, rowCount } = await test.db.query('SELECT * FROM typed');
    expect(rowCount).toBe(1);
    expect(rows[0]).toEqual({
      id: '1',
      n: 7,
      big: '9007199254740993',
      doc: { a: [1, 'two'] },
      bytes: Buffer.from([0, 255, 1]),
      at,
      ok: true,
      label: 'héllo',
    });
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await test.db.query('CREATE TABLE items (name text PRIMARY KEY)');
    await test.db.transaction(async (tx) => {
      await tx.query("INSERT INTO items VALUES ('kept')");
    });
    await expect(
      test.db.transaction(async (tx) => {
        await tx.query("INSERT INTO items VALUES ('dropped')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(test.db.transaction((tx) => tx.query("INSERT INTO items VALUES ('kept')"))).rejects.toThrow(/duplicate key/);
    const { rows } = await test.db.query<{ name: string }>('SELECT name FROM items ORDER BY name');
    expect(rows.map((row) => row.name)).toEqual(['kept']);
  });

  it('refuses to report a commit when a statement inside failed and the error was caught', async () => {
    await test.db.query('CREATE TABLE caught (name text PRIMARY KEY)');
    await expect(
      test.db.transaction(async (tx) => {
        await tx.query("INSERT INTO caught VALUES ('written before the failure')");
        await tx.query('SELECT 1 / $1::int', [0]).catch(() => 'swallowed');
      }),
    ).rejects.toThrow();
    expect((await test.db.query('SELECT name FROM caught')).rows).toEqual([]);
  });

  it('stays usable after failing queries, and each query gets its own rows', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(test.db.query('SELECT 1 / $1::int AS x', [0])).rejects.toThrow(/division by zero/);
      await expect(test.db.query('SELECT $1::int AS value', [i])).resolves.toMatchObject({ rows: [{ value: i }] });
      await expect(test.db.transaction((tx) => tx.query('SELECT 1 / $1::int', [0]))).rejects.toThrow(/division by zero/);
      await expect(test.db.query('SELECT $1::text AS label', [`after-${i}`])).resolves.toMatchObject({ rows: [{ label: `after-${i}` }] });
    }
  });

  it('counts affected rows like the pg driver', async () => {
    await test.db.query('CREATE TABLE counted (id int)');
    expect((await test.db.query('INSERT INTO counted SELECT generate_series(1, $1::int)', [5])).rowCount).toBe(5);
    expect((await test.db.query('UPDATE counted SET id = id + 1 WHERE id > $1', [2])).rowCount).toBe(3);
    expect((await test.db.query('SELECT * FROM counted WHERE id > $1', [0])).rowCount).toBe(5);
    expect((await test.db.query('DELETE FROM counted')).rowCount).toBe(5);
  });

  it('refuses the root executor inside a transaction instead of deadlocking', async () => {
    await expect(test.db.transaction(() => test.db.query('SELECT 1'))).rejects.toBeInstanceOf(DatabaseUsageError);
    await expect(test.db.transaction(() => test.db.transaction(async () => 1))).rejects.toBeInstanceOf(DatabaseUsageError);
    // The database is still usable afterwards.
    await expect(test.db.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it('refuses a transaction executor used after its transaction ended', async () => {
    let leaked: { query: (text: string) => Promise<unknown> } | undefined;
    await test.db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUsageError);
  });

  it('runs concurrent transactions and queries to completion without losing an update', async () => {
    await test.db.query('CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)');
    await test.db.query('INSERT INTO counter VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        index % 2 === 0
          ? test.db.transaction(async (tx) => {
              const { rows } = await tx.query<{ value: number }>('SELECT value FROM counter WHERE id = 1 FOR UPDATE');
              await tx.query('UPDATE counter SET value = $1 WHERE id = 1', [rows[0]!.value + 1]);
            })
          : test.db.query('UPDATE counter SET value = value + 1 WHERE id = 1'),
      ),
    );
    const { rows } = await test.db.query<{ value: number }>('SELECT value FROM counter');
    expect(rows[0]!.value).toBe(20);
  });

  it('applies every migration once, and a second run applies nothing', async () => {
    expect(await schemaVersion(test.db)).toBe(0);
    const first = await migrate(test.db);
    expect(first.applied.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(await schemaVersion(test.db)).toBe(latestVersion());
    const second = await migrate(test.db);
    expect(second.applied).toEqual([]);
    // The first migration's table is dropped by a later one; the outbox arrives later still.
    const { rows } = await test.db.query(
      "SELECT to_regclass('jobs') IS NOT NULL AS jobs, to_regclass('document_events') IS NOT NULL AS events",
    );
    expect(rows[0]).toEqual({ jobs: false, events: true });
  });

  it('applies migrations exactly once when several processes start at once', async () => {
    const others = kind === 'postgres' ? await Promise.all([test.openAnother(), test.openAnother()]) : [];
    try {
      const reports = await Promise.all([test.db, ...others, test.db].map((db) => migrate(db)));
      const appliedCounts = reports.map((report) => report.applied.length);
      expect(appliedCounts.filter((count) => count > 0)).toEqual([latestVersion()]);
      const { rows } = await test.db.query<{ count: string }>('SELECT count(*) AS count FROM schema_migrations');
      expect(Number(rows[0]!.count)).toBe(latestVersion());
    } finally {
      await Promise.all(others.map((db) => db.close()));
    }
  });

  it('refuses a schema newer than the code', async () => {
    await migrate(test.db);
    const olderCode = loadMigrations().slice(0, -1);
    const error = await migrate(test.db, olderCode).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).code).toBe('SCHEMA_NEWER_THAN_CODE');
  });

  it('refuses a migration edited after it was applied, and applies nothing of a failing one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    try {
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE first_table (id int);');
      await migrate(test.db, loadMigrations(dir));
      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE first_table (id bigint);');
      const edited = await migrate(test.db, loadMigrations(dir)).catch((e: unknown) => e);
      expect((edited as MigrationError).code).toBe('MIGRATION_CHANGED');

      fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE first_table (id int);');
      fs.writeFileSync(path.join(dir, '0002_second.sql'), 'CREATE TABLE second_table (id int);');
      fs.writeFileSync(path.join(dir, '0003_broken.sql'), 'CREATE TABLE broken (id int); SELECT no_such_function();');
      await expect(migrate(test.db, loadMigrations(dir))).rejects.toThrow(/no_such_function/);
      // All pending migrations share one transaction: neither 2 nor 3 is half applied.
      expect(await schemaVersion(test.db)).toBe(1);
      const { rows } = await test.db.query("SELECT to_regclass('second_table') IS NULL AS absent");
      expect(rows[0]).toEqual({ absent: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration files', () => {
  it('refuses badly named or gapped migration files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    try {
      fs.writeFileSync(path.join(dir, '0001_ok.sql'), 'SELECT 1;');
      fs.writeFileSync(path.join(dir, '0003_gap.sql'), 'SELECT 1;');
      expect(() => loadMigrations(dir)).toThrow(/without gaps/);
      fs.writeFileSync(path.join(dir, 'second.sql'), 'SELECT 1;');
      expect(() => loadMigrations(dir)).toThrow(MigrationError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships migrations numbered from 1 without gaps', () => {
    const migrations: Migration[] = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
  });
});

/** PostgreSQL in production: the guard's promise hook costs too much there (see `createPoolDatabase`). */
describe('data layer on PostgreSQL without the transaction guard', () => {
  it('lets the pool answer inside a transaction, and still refuses a finished executor', async () => {
    const test = await freshDatabase('postgres');
    const unguarded = await openDatabase({ kind: 'postgres', url: test.databaseUrl!, poolMax: 2, guardTransactions: false }, silentLogger);
    try {
      let leaked: Queryable | undefined;
      const inside = await unguarded.transaction(async (tx) => {
        leaked = tx;
        return (await unguarded.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
      });
      expect(inside).toBe(1);
      await expect(leaked!.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUsageError);
    } finally {
      await unguarded.close();
      await test.cleanup();
    }
  });
});
