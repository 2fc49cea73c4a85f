import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '../documents/kanban/board.js';
import { type ChildServer, spawnServer } from './helpers/child-server.js';
import { client } from './helpers/client.js';
import { createDocument } from './helpers/documents.js';
import { connectProvider } from './helpers/provider.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const POLL = { timeout: 15_000, interval: 50 };

/** Runs one of our command-line tools (`npm run backup`/`restore`) with the server's environment. */
function runCli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

/**
 * `npm run backup` against the embedded database while `npm start` runs (the server is asked for
 * the copy), then `npm run restore` once it is stopped: the board comes back as it was.
 */
describe('npm run backup and npm run restore, embedded', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('backs up a running server and restores it after it stops', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-backup-cli-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATA_DIR: dataDir, AUTH_DEV_LOGIN: 'true', AUTH_JWT_SECRET: 'backup-cli-secret-long-enough-0123456789' };
    const start = async (): Promise<{ child: ChildServer; url: string }> => {
      const child = spawnServer(env);
      cleanups.push(() => child.process.exitCode === null && child.process.signalCode === null && child.process.kill('SIGKILL'));
      const url = await child.listening;
      await expect.poll(async () => (await fetch(`${url}/readyz`)).status, POLL).toBe(200);
      return { child, url };
    };

    const first = await start();
    const api = client(first.url);
    const me = await api.signIn('backup-cli@example.com');
    const project = (await api.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'CLI backup' } })).body.data;
    const board = await createDocument(api, me.accessToken, project.id, 'kanban');
    const browser = connectProvider(`${first.url.replace('http', 'ws')}/collab`, board.name, me.accessToken);
    cleanups.push(() => browser.destroy());
    await browser.synced;
    for (let i = 0; i < 3; i++) addCard(browser.doc, { id: `kept${i}`, columnId: 'todo', title: `Kept ${i}` });
    await expect.poll(() => browser.saved.saved, POLL).toBe(true);
    const atBackup = JSON.stringify(readBoard(browser.doc).columns);

    const file = path.join(dataDir, 'studio.bak');
    const port = new URL(first.url).port;
    const backup = await runCli('server/backup-cli.ts', [file], { ...env, PORT: port });
    expect(backup.out).toContain('Backed up to');
    expect(backup.code).toBe(0);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    // A restore while the server has the data open is refused, and changes nothing.
    const early = await runCli('server/restore-cli.ts', [file, '--yes'], env);
    expect(early.code).toBe(1);
    expect(early.out).toMatch(/Restore failed/);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);

    addCard(browser.doc, { id: 'later', columnId: 'done', title: 'After the backup' });
    await expect.poll(() => browser.saved.saved, POLL).toBe(true);
    browser.destroy();
    first.child.process.kill('SIGTERM');
    await first.child.exited;

    expect((await runCli('server/restore-cli.ts', [file], env)).code).toBe(2);
    const restore = await runCli('server/restore-cli.ts', [file, '--yes'], env);
    expect(restore.out).toContain('the previous data is in');
    expect(restore.code).toBe(0);

    const second = await start();
    const reader = connectProvider(`${second.url.replace('http', 'ws')}/collab`, board.name, me.accessToken);
    cleanups.push(() => reader.destroy());
    await reader.synced;
    expect(JSON.stringify(readBoard(reader.doc).columns)).toBe(atBackup);
  });
});
