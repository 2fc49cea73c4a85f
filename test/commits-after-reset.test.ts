import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '../documents/kanban/board.js';
import type { DatabaseKind, Queryable } from '../platform/db/database.js';
import { StaleDocuments, type UpdateToStore, appendUpdates, documentMark, loadDocument } from '../storage/document-log.js';
import { lockDocumentLog, lockDocumentRow, writeResetState } from '../storage/document-reset.js';
import { saveVersion } from '../storage/version-states.js';
import { UpdateLog } from '../storage/update-log.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { silentLogger } from './helpers/logger.js';

/** A one-value Yjs update under its own root, recognisable in the stored log. */
function updateSaying(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('marks').set(text, text);
  return Y.encodeStateAsUpdate(doc);
}

/** What the updates among `updates` made with `updateSaying` say, in order (a decoded root item's parent is the root's name). */
function saying(updates: readonly Uint8Array[]): string[] {
  return updates.flatMap((update) => Y.decodeUpdate(update).structs.flatMap((struct) => (struct instanceof Y.Item && (struct.parent as unknown) === 'marks' ? [struct.parentSub!] : [])));
}

/** What a document's stored log rows (after its snapshot) say, in order. */
async function loggedTexts(app: TestApp, name: string): Promise<string[]> {
  const { updates, tailLength } = await loadDocument(app.db, name);
  return saying(updates.slice(updates.length - tailLength));
}

async function startWithBoards(kind: DatabaseKind, count: number): Promise<{ app: TestApp; names: string[] }> {
  const app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
  const api = client(app.url);
  const owner = await api.signIn();
  const projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Resets' } })).body.data.id;
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push((await createDocument(api, owner.accessToken, projectId, 'kanban')).name);
  return { app, names };
}

/** As an erasure's reset ends: the document's state replaced and its epoch bumped. */
async function resetInside(tx: Queryable, name: string): Promise<void> {
  await writeResetState(tx, name, { state: updateSaying('rebuilt'), retired: [], writer: 424242 });
}

/**
 * Instances sharing a document each carry, with an update, the epoch of the state they loaded.
 * An erasure on one instance resets the document (new state, epoch bumped): what another instance
 * still commits from its older copy must not land on the new state, where its structure is
 * missing and its client ids retired, nor be reported saved.
 */
describe.each(BACKENDS)('commits made on a copy from before a reset elsewhere: %s', (kind) => {
  let app: TestApp;
  let names: string[];

  beforeAll(async () => {
    ({ app, names } = await startWithBoards(kind, 3));
  });
  afterAll(async () => {
    await app.stop();
  });

  it('are refused whole, with the epochs they are behind; updates at the current epoch are written', async () => {
    const [board, other] = names as [string, string];
    const { epoch } = await documentMark(app.db, board);
    await appendUpdates(app.db, [{ name: board, update: updateSaying('before'), epoch }]);
    await app.db.transaction((tx) => resetInside(tx, board));

    const refused = appendUpdates(app.db, [
      { name: other, update: updateSaying('elsewhere'), epoch: 0 },
      { name: board, update: updateSaying('stale'), epoch },
    ]);
    await expect(refused).rejects.toBeInstanceOf(StaleDocuments);
    expect(((await refused.catch((error: unknown) => error)) as StaleDocuments).current).toEqual(new Map([[board, epoch + 1]]));
    // Rolled back whole: the other document's update is not there either.
    expect(await loggedTexts(app, board)).toEqual([]);
    expect(await loggedTexts(app, other)).toEqual([]);

    await appendUpdates(app.db, [{ name: board, update: updateSaying('after'), epoch: epoch + 1 }]);
    expect(await loggedTexts(app, board)).toEqual(['after']);
  });

  it('the group commit drops them unreported, tells whose they were, and writes the rest of the batch', async () => {
    const [, , board] = names as [string, string, string];
    const other = names[1]!;
    const { epoch } = await documentMark(app.db, board);
    await app.db.transaction((tx) => resetInside(tx, board));
    const written: string[] = [];
    const stale: [string, number | undefined][] = [];
    const log = new UpdateLog<UpdateToStore>(app.db, silentLogger, (batch) => written.push(...batch.map((entry) => entry.name)), undefined, undefined, {
      shared: true,
      onStale: (current) => stale.push(...current),
    });
    // The first commit is under way while the next three queue: they make one batch.
    log.append({ name: other, update: updateSaying('first'), epoch: 0 });
    log.append({ name: board, update: updateSaying('stale'), epoch });
    log.append({ name: other, update: updateSaying('second'), epoch: 0 });
    log.append({ name: board, update: updateSaying('current'), epoch: epoch + 1 });
    await log.settle();
    expect(log.uncommitted).toBe(0);
    expect(stale).toEqual([[board, epoch + 1]]);
    expect(written).toEqual([other, other, board]);
    expect(await loggedTexts(app, board)).toEqual(['current']);
    expect(await loggedTexts(app, other)).toEqual(['first', 'second']);
  });
});

describe('a commit under way while a reset holds the document (PostgreSQL: two connections at once)', () => {
  let app: TestApp;
  let name: string;

  beforeAll(async () => {
    const started = await startWithBoards('postgres', 1);
    app = started.app;
    name = started.names[0]!;
  });
  afterAll(async () => {
    await app.stop();
  });

  /**
   * Runs a reset's transaction in two halves: `during` starts, outside it, while the reset holds
   * the document's row, and the reset reads the log and writes its new state 300 ms later.
   */
  async function resetWhile<T>(during: () => Promise<T>): Promise<{ outcome: T; readByReset: string[] }> {
    let readByReset: string[] = [];
    let locked!: () => void;
    let proceed!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const mayProceed = new Promise<void>((resolve) => (proceed = resolve));
    const reset = app.db.transaction(async (tx) => {
      await lockDocumentLog(tx, name);
      await lockDocumentRow(tx, name);
      locked();
      await mayProceed;
      readByReset = saying((await loadDocument(tx, name)).updates);
      await resetInside(tx, name);
    });
    await lockTaken;
    const started = during();
    await sleep(300);
    proceed();
    await reset;
    return { outcome: await started, readByReset };
  }

  it('a commit waits for the reset, finds the new epoch and writes nothing; one committed before the reset read the log is in it', async () => {
    const { epoch } = await documentMark(app.db, name);
    await appendUpdates(app.db, [{ name, update: updateSaying('read by the reset'), epoch }]);
    // Another instance commits from its copy of the old state while the reset holds the row.
    const { outcome, readByReset } = await resetWhile(() => appendUpdates(app.db, [{ name, update: updateSaying('late'), epoch }]).catch((error: unknown) => error));
    expect(outcome).toBeInstanceOf(StaleDocuments);
    expect(readByReset).toEqual(['read by the reset']);
    expect(await loggedTexts(app, name)).toEqual([]);
    expect((await documentMark(app.db, name)).epoch).toBe(epoch + 1);
  });

  it('a history checkpoint of the old state, read before the reset, is not saved after it', async () => {
    await appendUpdates(app.db, [{ name, update: updateSaying('erased value'), epoch: (await documentMark(app.db, name)).epoch }]);
    const versions = async () => Number((await app.db.query<{ n: string }>('SELECT count(*) AS n FROM document_versions WHERE document_name = $1', [name])).rows[0]!.n);
    const before = await versions();
    const { outcome } = await resetWhile(() => saveVersion(app.db, name, { kind: 'named', label: 'During the reset', createdBy: 'server' }));
    expect(outcome).toBeNull();
    expect(await versions()).toBe(before);
  });
});

/**
 * The REST side, on one instance that shares its documents (Redis): another instance's reset shows
 * here as a newer epoch in the `documents` row, found by the commit before the periodic check
 * (a minute away here) would. The edit made on the old copy is not saved, and the caller is told.
 */
describe('a REST edit of a copy from before a reset elsewhere: postgres', () => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let token: string;
  let projectId: string;

  beforeAll(async () => {
    app = await startTestApp('postgres', { AUTH_DEV_LOGIN: 'true', REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0', REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`, REDIS_DOCUMENT_CHECK_MS: '60000' });
    api = client(app.url);
    token = (await api.signIn()).accessToken;
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token, body: { name: 'Reset over REST' } })).body.data.id;
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The titles of the cards in the stored board, as a fresh load would find them. */
  async function storedTitles(name: string): Promise<string[]> {
    const doc = new Y.Doc();
    for (const update of (await loadDocument(app.db, name)).updates) Y.applyUpdate(doc, update);
    return readBoard(doc).columns.flatMap((column) => column.cards.map((card) => card.title)).sort();
  }

  it('answers 409 DOCUMENT_RESET and saves nothing; asked again (same Idempotency-Key), it is made on the reloaded board', async () => {
    const { name } = await createDocument(api, token, projectId, 'kanban');
    const boardId = name.split(':')[2]!;
    const create = (cardId: string, title: string, key?: string) =>
      api.call<{ id: string }>('POST', '/api/tasks', { token, body: { projectId, boardId, cardId, title }, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
    expect((await create('before', 'Before the reset')).status).toBe(201);

    await app.db.query('UPDATE documents SET epoch = epoch + 1 WHERE name = $1', [name]);
    const key = randomUUID();
    const refused = await create('during', 'On the old copy', key);
    expect(refused.status).toBe(409);
    expect((refused.body as unknown as { error: { code: string } }).error.code).toBe('DOCUMENT_RESET');
    expect(await storedTitles(name)).toEqual(['Before the reset']);

    // The old copy is dropped; the retry loads the board afresh and is saved.
    await expect.poll(async () => (await create('during', 'On the old copy', key)).status, { timeout: 15_000, interval: 200 }).toBe(201);
    expect(await storedTitles(name)).toEqual(['Before the reset', 'On the old copy']);
  });
});
