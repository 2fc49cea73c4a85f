import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '../documents/kanban/board.js';
import { grantInstanceAdmin } from '../identity/instance-admins.js';
import { parseConfig } from '../platform/config.js';
import { pgRestore, restorePglite } from '../platform/db/backup.js';
import type { Database } from '../platform/db/database.js';
import { openDatabase, openPglite } from '../platform/db/open-database.js';
import { secretFromConfigOrDataDir } from '../platform/data-dir-secret.js';
import { type RunningApp, startApp } from '../server/app.js';
import { client } from './helpers/client.js';
import { BACKENDS, databaseConfigFor, freshDatabase } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { silentLogger } from './helpers/logger.js';
import { connectProvider } from './helpers/provider.js';

const POLL = { timeout: 10_000, interval: 50 };

/** Cards by column, as the board shows them. */
const cardsOf = (doc: Parameters<typeof readBoard>[0]) => readBoard(doc).columns.map((column) => [column.id, column.cards.map((card) => `${card.id}:${card.title}`)]);

/**
 * A backup taken while the server runs brings a board back exactly as it was at that moment, on
 * both backends: through the running server with the token in DATA_DIR (what `npm run backup`
 * does) or an instance admin's session, and restored the way `npm run restore` does.
 */
describe.each(BACKENDS)('backup and restore: %s', (kind) => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-backup-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const configFor = (database: ReturnType<typeof databaseConfigFor>) => ({
    ...parseConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}` }),
    database,
  });
  const start = async (db: Database, database: ReturnType<typeof databaseConfigFor>): Promise<RunningApp> => {
    const app = await startApp(configFor(database), silentLogger, { db });
    await app.migrated;
    return app;
  };

  it('brings a board back exactly as it was when the backup was taken', { timeout: 60_000 }, async () => {
    const test = await freshDatabase(kind);
    cleanups.push(() => test.cleanup().catch(() => {}));
    const database = databaseConfigFor(test);
    const app = await start(test.db, database);
    let stopped = false;
    cleanups.push(() => !stopped && app.stop());
    const api = client(app.url);
    const owner = await api.signIn();
    const project = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Backed up' } })).body.data;
    const board = await createDocument(api, owner.accessToken, project.id, 'kanban');
    const browser = connectProvider(`${app.url.replace('http', 'ws')}/collab`, board.name, owner.accessToken);
    cleanups.push(() => browser.destroy());
    await browser.synced;
    for (let i = 0; i < 3; i++) addCard(browser.doc, { id: `kept${i}`, columnId: 'todo', title: `Kept ${i}` });
    await expect.poll(() => browser.saved.saved, POLL).toBe(true);
    const atBackup = JSON.stringify(cardsOf(browser.doc));

    // Refused without a credential: a wrong token, a member who is not an instance admin.
    expect((await fetch(`${app.url}/api/admin/backup`, { method: 'POST', headers: { 'x-backup-token': 'wrong' } })).status).toBe(401);
    expect((await api.call('POST', '/api/admin/backup', { token: owner.accessToken })).status).toBe(403);

    // The data-directory token (npm run backup) on PGlite, an instance admin's session on PostgreSQL: both paths tried.
    let response: Response;
    if (kind === 'pglite') {
      const token = secretFromConfigOrDataDir(undefined, dataDir, 'backup-token');
      response = await fetch(`${app.url}/api/admin/backup`, { method: 'POST', headers: { 'x-backup-token': token } });
    } else {
      await grantInstanceAdmin(app.db, owner.email, 'test');
      response = await fetch(`${app.url}/api/admin/backup`, { method: 'POST', headers: { authorization: `Bearer ${owner.accessToken}` } });
    }
    expect(response.status).toBe(200);
    expect(response.headers.get('x-backup-format')).toBe(kind === 'pglite' ? 'pglite-tar-gz' : 'pg-dump-custom');
    const file = path.join(dataDir, 'backup.bin');
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    const audited = await app.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action IN ('admin.backup', 'admin.refused') ORDER BY id");
    expect(audited.rows.map((row) => row.action)).toEqual(['admin.refused', 'admin.refused', 'admin.backup']);

    // Changed after the backup: the restore must not have it.
    addCard(browser.doc, { id: 'later', columnId: 'done', title: 'After the backup' });
    await expect.poll(() => browser.saved.saved, POLL).toBe(true);
    browser.destroy();
    await app.stop();
    stopped = true;

    // Restored the way `npm run restore` does, and served again.
    let restored: Database;
    if (kind === 'pglite') {
      const target = path.join(dataDir, 'restored', 'pglite');
      await restorePglite(target, file);
      restored = await openPglite(target);
    } else {
      await pgRestore(test.databaseUrl!, file);
      restored = await openDatabase({ kind: 'postgres', url: test.databaseUrl!, poolMax: 3 }, silentLogger);
    }
    const again = await start(restored, kind === 'pglite' ? { kind: 'pglite', dataDir: path.join(dataDir, 'restored', 'pglite') } : database);
    cleanups.push(() => again.stop());
    const reader = connectProvider(`${again.url.replace('http', 'ws')}/collab`, board.name, owner.accessToken);
    cleanups.push(() => reader.destroy());
    await reader.synced;
    expect(JSON.stringify(cardsOf(reader.doc))).toBe(atBackup);
    expect(JSON.stringify(cardsOf(reader.doc))).not.toContain('later');
  });
});
