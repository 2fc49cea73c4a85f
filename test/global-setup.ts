import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { vector } from '@electric-sql/pglite-pgvector';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../platform/db/migrate.js';
import { createPgliteDatabase } from '../platform/db/pglite-database.js';

/**
 * Once per run: a fresh PostgreSQL database on the shared server (dropped afterwards, so runs
 * never see each other's data) and two PGlite images that tests load in a second instead of
 * running initdb each time: an empty one, and one with every migration applied (most tests start
 * a server, and on PGlite running the migrations costs each of them about half a second of CPU).
 */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    pgliteImagePath: string;
    /** The same image with every migration applied, so a server under test need not run them. */
    pgliteMigratedImagePath: string;
    /** A folder private to this run, where the browser tests agree who builds the web client. */
    webBuildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databaseName = `studio_sync_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${databaseName}`;
  project.provide('postgresUrl', url.toString());

  const imageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-pglite-'));
  const imagePath = path.join(imageDir, 'image.tar');
  const pglite = await PGlite.create({ extensions: { vector, pg_trgm } });
  await pglite.exec('CREATE EXTENSION IF NOT EXISTS vector');
  fs.writeFileSync(imagePath, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  const migratedImagePath = path.join(imageDir, 'migrated.tar');
  await migrate(createPgliteDatabase(pglite));
  fs.writeFileSync(migratedImagePath, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await pglite.close();
  project.provide('pgliteImagePath', imagePath);
  project.provide('pgliteMigratedImagePath', migratedImagePath);
  project.provide('webBuildDir', imageDir);

  return async () => {
    fs.rmSync(imageDir, { recursive: true, force: true });
    const cleanup = new pg.Client({ connectionString: ADMIN_URL });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await cleanup.end();
  };
}
