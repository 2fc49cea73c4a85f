import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, loadMigrations } from '../platform/db/migrate.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { type ChildServer, spawnServer } from './helpers/child-server.js';

/** The process as an operator meets it: start, misconfiguration, restart, signals. */
describe('the server process', () => {
  const children: ChildServer[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function start(env: Record<string, string>): ChildServer {
    const child = spawnServer(env);
    children.push(child);
    return child;
  }

  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-data-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async function stop(child: ChildServer): Promise<number | null> {
    child.process.kill('SIGTERM');
    return child.exited;
  }

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ DATABASE_URL: 'localhost:5432/app' }, 'DATABASE_URL'],
  ])('stops with one clear line for %j', async (env, variable) => {
    const child = start(env);
    expect(await child.exited).toBe(1);
    const lines = child.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
  });

  // Three starts, the first creating the embedded database (seconds on a busy machine) and each declaring the job queues before it is ready.
  it('serves on the embedded database, keeps its data across a restart, and refuses a second process on it', { timeout: 90_000 }, async () => {
    const dataDir = tempDir();
    const first = start({ DATA_DIR: dataDir });
    const url = await first.listening;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    expect(first.logLines('DEV LOGIN IS ON: whoever reaches this server can sign in with whatever email they type. Set AUTH_DEV_LOGIN=false outside local use.')).toHaveLength(1);
    expect(first.logLines('database schema is current')[0]).toMatchObject({ applied: loadMigrations().map((m) => `${m.version}_${m.name}`) });

    const rival = start({ DATA_DIR: dataDir });
    expect(await rival.exited).toBe(1);
    expect(rival.stderr()).toMatch(/is in use by process \d+/);

    expect(await stop(first)).toBe(0);
    expect(first.logLines('stopped')).toHaveLength(1);

    const second = start({ DATA_DIR: dataDir });
    const secondUrl = await second.listening;
    await expect.poll(async () => (await fetch(`${secondUrl}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    // The schema (and the job the first run wrote) survived: nothing to apply this time.
    expect(second.logLines('database schema is current')[0]).toMatchObject({ applied: [] });
    expect(await stop(second)).toBe(0);
  });

  describe('with DATABASE_URL', () => {
    let database: TestDatabase;
    afterEach(async () => {
      await database?.cleanup();
    });

    it('serves on PostgreSQL and exits 0 on SIGTERM', async () => {
      database = await freshDatabase('postgres');
      const child = start({ DATABASE_URL: database.databaseUrl!, DATA_DIR: tempDir() });
      const url = await child.listening;
      expect(child.logLines('DEV LOGIN IS ON: whoever reaches this server can sign in with whatever email they type. Set AUTH_DEV_LOGIN=false outside local use.')).toHaveLength(0);
      await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
      expect(await stop(child)).toBe(0);
    });

    it('refuses to run against a schema newer than the code', async () => {
      database = await freshDatabase('postgres');
      await database.db.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      await database.db.query("INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'from_the_future', 'x')");
      const child = start({ DATABASE_URL: database.databaseUrl! });
      expect(await child.exited).toBe(1);
      expect(child.stderr()).toContain(`schema version 999 but this code knows only up to ${latestVersion()}`);
    });
  });

  it('stays up with an unreachable database: /healthz 200, /readyz 503, clean exit on SIGTERM', async () => {
    const child = start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    const url = await child.listening;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ data: { database: 'unreachable' }, error: { code: 'NOT_READY' } });
    // Not ready is expected while a database is away or a server starts: a warning, never an error line.
    await expect.poll(() => child.logLines('request refused: not ready').length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(child.logLines('request refused: not ready')[0]).toMatchObject({ level: 40, status: 503, path: '/readyz' });
    expect(child.logLines('request failed').filter((line) => line.path === '/readyz')).toEqual([]);
    expect(await stop(child)).toBe(0);
  });
});
