import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_RESET } from '../collab/close-codes.js';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { loadDocument } from '../storage/document-log.js';
import { findErasure } from '../storage/erasures.js';
import { type TestApp, startPeerApp, startTestApp } from './helpers/app.js';
import { type SignedIn, client } from './helpers/client.js';
import { type ConnectedProvider, connectProvider } from './helpers/provider.js';
import { within } from './helpers/within.js';

const titleOf = (doc: Y.Doc, cardId: string) => readBoard(doc).columns.flatMap((column) => column.cards).find((card) => card.id === cardId)?.title;

/** The machine's Redis (CI starts it); this run's keys and bus channel are under their own prefix. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const POLL = { timeout: 5_000, interval: 25 };

/**
 * One deployment split like docker-compose's: two web instances (api + collab) and a worker, each
 * its own process state, sharing one PostgreSQL database, one job queue and one Redis. What one
 * process's hubs announce reaches sockets held by another through the process bus.
 */
describe('processes of one deployment hear each other through Redis', () => {
  let web: TestApp;
  let otherWeb: TestApp;
  let worker: TestApp;
  let owner: SignedIn;
  let projectId: string;
  const providers: ConnectedProvider[] = [];
  const open = (app: TestApp, name: string, token: string) => {
    const provider = connectProvider(app.wsUrl, name, token);
    providers.push(provider);
    return provider;
  };

  beforeAll(async () => {
    web = await startTestApp('postgres', { AUTH_DEV_LOGIN: 'true', REDIS_URL, REDIS_KEY_PREFIX: `test-${randomUUID().slice(0, 8)}:`, ROLES: 'api,collab', WORKER_POLL_INTERVAL_MS: '500' });
    [otherWeb, worker] = await Promise.all([startPeerApp(web), startPeerApp(web, { ROLES: 'worker' })]);
    owner = await client(web.url).signIn();
    projectId = (await client(web.url).call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Split' } })).body.data.id;
  });
  afterAll(async () => {
    providers.forEach((provider) => provider.destroy());
    await Promise.all([otherWeb?.stop(), worker?.stop()]);
    await web?.stop();
  });

  async function member(role: string): Promise<SignedIn> {
    const person = await client(web.url).signIn();
    expect((await client(web.url).call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } })).status).toBe(201);
    return person;
  }
  async function board(): Promise<string> {
    return (await client(web.url).call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { token: owner.accessToken, body: { kind: 'kanban', title: 'Split' } })).body.data.name;
  }

  it("a notification made by the worker process reaches the person's socket on a web instance", async () => {
    const name = await board();
    const assignee = await member('editor');
    const writer = open(web, name, owner.accessToken);
    const watching = open(web, name, assignee.accessToken);
    await Promise.all([writer.synced, watching.synced]);
    addCard(writer.doc, { id: 'c1', columnId: 'todo', title: 'Split work', assignees: [assignee.userId] });
    await writer.saved.whenSaved();
    // The web instance runs no jobs: the worker fans the event out and its hub's push crosses over.
    await expect.poll(() => watching.messages.filter((message) => message.type === 'notification').length, POLL).toBe(1);
  });

  it('numbers changed on the worker (its rollup pass) reach open dashboards on every web instance', async () => {
    const viewer = await member('viewer');
    const [here, there] = [open(web, await board(), viewer.accessToken), open(otherWeb, await board(), viewer.accessToken)];
    await Promise.all([here.synced, there.synced]);
    // What the rollup job does after its pass, for a project with new numbers.
    await worker.dashboards.changed([projectId]);
    for (const socket of [here, there]) await expect.poll(() => socket.messages.some((message) => message.type === 'dashboard' && message.projectId === projectId), POLL).toBe(true);
  });

  it('a member removed on one web instance is cut off on the other within a second', async () => {
    const name = await board();
    const leaving = await member('editor');
    const elsewhere = open(otherWeb, name, leaving.accessToken);
    await elsewhere.synced;
    const started = Date.now();
    expect((await client(web.url).call('DELETE', `/api/projects/${projectId}/members/${leaving.userId}`, { token: owner.accessToken })).status).toBe(200);
    await expect(within(elsewhere.closed, 2_000, 'the other instance closing the socket')).resolves.toBe('access-revoked');
    expect(Date.now() - started).toBeLessThan(1_000);
    // And the other instance's access cache forgot the role: a new connection there is refused.
    await expect(open(otherWeb, name, leaving.accessToken).denied).resolves.toBe('forbidden');
  });

  it('an erasure asked on a web instance is run by the worker process, which resets the board a web instance holds open', async () => {
    const name = await board();
    const leaving = await member('editor');
    const writer = open(web, name, leaving.accessToken);
    await writer.synced;
    addCard(writer.doc, { id: 'theirs', columnId: 'todo', title: 'Written by the one leaving', assignees: [leaving.userId] });
    await writer.saved.whenSaved();
    const watcher = open(otherWeb, name, owner.accessToken);
    await watcher.synced;
    addCard(watcher.doc, { id: 'kept', columnId: 'todo', title: 'Renamed 0' });
    await watcher.saved.whenSaved();
    const stored = async () => Buffer.concat((await loadDocument(web.db, name)).updates);
    expect((await stored()).includes(Buffer.from(leaving.userId))).toBe(true);

    // The owner keeps renaming a card on the other instance through the erasure. Renames made there
    // after the reset, on its copy of the old state, must not be stored or reported saved: on the
    // new state the card they write into does not exist.
    const resetHere = () => watcher.socketCloses.includes(DOCUMENT_RESET.code);
    let savedTitle = 'Renamed 0';
    const stopWatching = watcher.saved.onChange((saved) => {
      if (saved && !resetHere()) savedTitle = titleOf(watcher.doc, 'kept')!;
    });
    let renames = 0;
    const renaming = setInterval(() => {
      if (!resetHere()) updateCard(watcher.doc, 'kept', { title: `Renamed ${++renames}` });
    }, 40);
    onTestFinished(() => {
      clearInterval(renaming);
      stopWatching();
    });

    const asked = await client(web.url).call<{ id: string }>('DELETE', '/api/me', { token: leaving.accessToken, body: { confirm: leaving.email } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    // Neither web instance runs jobs: only the worker process can. It needs the live document to reset it.
    await expect.poll(async () => (await findErasure(web.db, asked.body.data.id))?.status, { timeout: 20_000, interval: 100 }).toBe('done');
    expect((await findErasure(web.db, asked.body.data.id))!.documentsReset).toBeGreaterThanOrEqual(1);
    // The instance holding the board dropped it and told its client to reload; the stored board no longer names them.
    await expect.poll(() => watcher.socketCloses, POLL).toContain(DOCUMENT_RESET.code);
    clearInterval(renaming);
    expect((await stored()).includes(Buffer.from(leaving.userId))).toBe(false);
    const reloaded = new Y.Doc();
    for (const update of (await loadDocument(web.db, name)).updates) Y.applyUpdate(reloaded, update);
    expect(reloaded.store.pendingStructs).toBeNull();
    expect(renames).toBeGreaterThan(0);
    // Everything its client was told is saved is stored (a rename stored but not yet acknowledged may be there too).
    const renameNumber = (title: string | undefined) => Number(title?.replace('Renamed ', '') ?? Number.NaN);
    expect(renameNumber(titleOf(reloaded, 'kept'))).toBeGreaterThanOrEqual(renameNumber(savedTitle));
  });
});
