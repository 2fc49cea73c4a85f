import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildServer, spawnServer } from './helpers/child-server.js';
import { client } from './helpers/client.js';
import { type TestDatabase, freshDatabase } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { connectProvider } from './helpers/provider.js';
import * as Y from 'yjs';
import { loadDocument } from '../storage/document-log.js';
import { startTestApp } from './helpers/app.js';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';

/** What the saved signal promises: anything reported saved survives `kill -9` of the server. */
describe.each(['pglite', 'postgres'] as const)('durable documents: %s', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function environment(): Promise<Record<string, string>> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-durable-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { DATA_DIR: dataDir, AUTH_DEV_LOGIN: 'true', AUTH_JWT_SECRET: 'durability-secret-long-enough-0123456789' };
    if (kind === 'postgres') {
      const database: TestDatabase = await freshDatabase('postgres');
      cleanups.push(() => database.cleanup());
      env.DATABASE_URL = database.databaseUrl!;
    }
    return env;
  }

  function start(env: Record<string, string>): ChildServer {
    const child = spawnServer(env);
    cleanups.push(() => {
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
    });
    return child;
  }

  it('keeps every change reported saved through kill -9 and a restart', { timeout: 90_000 }, async () => {
    const env = await environment();
    const first = start(env);
    const url = await first.listening;
    await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    const api = client(url);
    const me = await api.signIn('durable@example.com');
    const project = await api.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'Durable' } });
    const { name } = await createDocument(api, me.accessToken, project.body.data.id, 'kanban');

    const writer = connectProvider(`${url.replace('http', 'ws')}/collab`, name, me.accessToken);
    await writer.synced;
    for (let i = 0; i < 50; i++) addCard(writer.doc, { id: `card${i}`, columnId: 'todo', title: String(i) });
    expect(writer.saved.saved).toBe(false);
    await writer.saved.whenSaved();
    first.process.kill('SIGKILL');
    await first.exited;
    writer.destroy();

    const second = start(env);
    const secondUrl = await second.listening;
    await expect.poll(async () => (await fetch(`${secondUrl}/readyz`)).status, { timeout: 15_000 }).toBe(200);
    const reader = connectProvider(`${secondUrl.replace('http', 'ws')}/collab`, name, me.accessToken);
    cleanups.push(() => reader.destroy());
    await reader.synced;
    const todo = readBoard(reader.doc).columns.find((column) => column.id === 'todo')!;
    expect(todo.cards.map((card) => card.title)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });
});

describe.each(['pglite', 'postgres'] as const)('document log compaction: %s', (kind) => {
  it('folds a long log into a snapshot and loads snapshot + tail to the same state', async () => {
    const app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    try {
      const api = client(app.url);
      const me = await api.signIn();
      const project = await api.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'Long' } });
      const { name } = await createDocument(api, me.accessToken, project.body.data.id, 'kanban');
      const writer = connectProvider(app.wsUrl, name, me.accessToken);
      await writer.synced;
        addCard(writer.doc, { id: 'notes', columnId: 'todo', title: 'Notes' });
      let description = '';
      for (let i = 0; i < 300; i++) updateCard(writer.doc, 'notes', { description: (description += `${i},`) });
      await writer.saved.whenSaved();
      await expect
        .poll(async () => (await app.db.query<{ n: string }>('SELECT count(*) AS n FROM document_snapshots WHERE document_name = $1', [name])).rows[0]!.n)
        .toBe('1');
      const tail = await app.db.query<{ n: string }>('SELECT count(*) AS n FROM document_updates WHERE document_name = $1', [name]);
      expect(Number(tail.rows[0]!.n)).toBeLessThan(300);
      writer.destroy();

      // What a fresh load reads: the snapshot plus the tail, giving the same text.
      const stored = await loadDocument(app.db, name);
      expect(stored.tailLength).toBeLessThan(300);
      const fresh = new Y.Doc();
      for (const update of stored.updates) Y.applyUpdate(fresh, update);
      const notes = readBoard(fresh).columns.flatMap((column) => column.cards).find((card) => card.id === 'notes');
      expect(notes?.description).toBe(Array.from({ length: 300 }, (_, i) => `${i},`).join(''));
    } finally {
      await app.stop();
    }
  });
});
