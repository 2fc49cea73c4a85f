import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, moveCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { type ChildServer, spawnServer } from './helpers/child-server.js';
import { forgedPresenceFrame, updateFrame } from './helpers/collab-harness.js';
import { type SignedIn, client } from './helpers/client.js';
import { type TestDatabase, freshDatabase } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { type PrivateRedis, startPrivateRedis } from './helpers/private-redis.js';
import { type ConnectedProvider, connectProvider } from './helpers/provider.js';
import { type Balancer, startBalancer } from './helpers/tcp-balancer.js';
import { within } from './helpers/within.js';
import { writtenAs } from './helpers/yjs-craft.js';

const CONVERGED = { timeout: 15_000, interval: 100 };

/** What a client sees of a board, in a form two clients can be compared by. */
const cardIds = (doc: Y.Doc) => readBoard(doc).columns.flatMap((column) => column.cards.map((card) => card.id));

function view(doc: Y.Doc): string {
  return JSON.stringify(readBoard(doc));
}

/**
 * Three instances (separate processes, `npm start`'s entry point) on one PostgreSQL database and
 * one Redis of the test's own, behind a round-robin TCP balancer: documents are shared, survive
 * `kill -9` of an instance, and converge when Redis goes away and comes back.
 */
describe('instances share documents through Redis and Postgres', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let dataDir: string;
  let env: Record<string, string>;
  const servers: ChildServer[] = [];
  const urls: string[] = [];
  let balancer: Balancer;
  let owner: SignedIn;
  let projectId: string;
  const providers: ConnectedProvider[] = [];

  const ws = (url: string) => `${url.replace('http', 'ws')}/collab`;
  const open = (url: string, name: string, token = owner.accessToken) => {
    const provider = connectProvider(ws(url), name, token);
    providers.push(provider);
    return provider;
  };
  async function board(): Promise<{ id: string; name: string }> {
    const record = await createDocument(client(urls[0]!), owner.accessToken, projectId, 'kanban');
    return { id: record.id, name: record.name };
  }
  async function ready(url: string): Promise<void> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      if ((await fetch(`${url}/readyz`).catch(() => null))?.status === 200) return;
    }
    throw new Error(`${url} never became ready`);
  }
  async function converged(clients: ConnectedProvider[]): Promise<void> {
    await expect.poll(() => new Set(clients.map((c) => view(c.doc))).size, CONVERGED).toBe(1);
  }
  /** A new board with one card, open on the first two instances. */
  async function cardOnTwoInstances(cardId: string): Promise<{ id: string; name: string; here: ConnectedProvider; there: ConnectedProvider }> {
    const { id, name } = await board();
    const [here, there] = [open(urls[0]!, name), open(urls[1]!, name)];
    await Promise.all([here.synced, there.synced]);
    addCard(here.doc, { id: cardId, columnId: 'todo', title: 'Old title' });
    await converged([here, there]);
    return { id, name, here, there };
  }
  /** Holds every instance's publishing (the relay) for 1.5 s: each commits on its own copy meanwhile. */
  async function holdRelay(): Promise<void> {
    const pauser = new Redis(redis.url);
    await pauser.call('CLIENT', 'PAUSE', '1500', 'WRITE');
    pauser.disconnect();
  }
  /** Titles of a board's tasks in a column, as the REST listing (the projection) has them, read through the third instance. */
  async function listedTitles(boardId: string, columnId: string): Promise<string[]> {
    const listed = await client(urls[2]!).call<{ items: { title: string }[] }>('GET', `/api/tasks?projectId=${projectId}&boardId=${boardId}&columnId=${columnId}`, { token: owner.accessToken });
    return listed.body.data.items.map((task) => task.title);
  }
  /** Someone newly signed in, made an editor of the project. */
  async function newEditor(): Promise<SignedIn> {
    const editor = await client(urls[0]!).signIn();
    expect((await client(urls[0]!).call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: editor.email, role: 'editor' } })).status).toBe(201);
    return editor;
  }
  /** The feed's moves of a board, in order, as `from→to`. */
  async function movesTold(name: string): Promise<string[]> {
    const { rows } = await database.db.query<{ data: { from: string; to: string } }>("SELECT data FROM document_events WHERE document_name = $1 AND type = 'task.moved' ORDER BY seq", [name]);
    return rows.map((row) => `${row.data.from}→${row.data.to}`);
  }

  beforeAll(async () => {
    [database, redis] = await Promise.all([freshDatabase('postgres'), startPrivateRedis()]);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-scale-out-'));
    env = {
      DATABASE_URL: database.databaseUrl!,
      REDIS_URL: redis.url,
      REDIS_DOCUMENT_CHECK_MS: '300',
      DATA_DIR: dataDir,
      AUTH_DEV_LOGIN: 'true',
      AUTH_JWT_SECRET: 'scale-out-secret-long-enough-0123456789',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      RATE_LIMIT_API_PER_MINUTE: '100000',
    };
    // The first migrates; the others start on the migrated database.
    servers.push(spawnServer(env));
    urls.push(await servers[0]!.listening);
    await ready(urls[0]!);
    servers.push(spawnServer(env), spawnServer(env));
    urls.push(...(await Promise.all(servers.slice(1).map((server) => server.listening))));
    await Promise.all(urls.slice(1).map(ready));
    balancer = await startBalancer(urls);
    owner = await client(urls[0]!).signIn();
    projectId = (await client(urls[0]!).call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Scale-out' } })).body.data.id;
  }, 90_000);

  afterAll(async () => {
    providers.forEach((provider) => provider.destroy());
    await balancer?.close();
    for (const server of servers) if (server.process.exitCode === null) server.process.kill('SIGKILL');
    await Promise.all(servers.map((server) => server.exited));
    await redis?.stop();
    await database?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('30 clients spread over three instances converge on random concurrent edits, and a REST move reaches them all', async () => {
    const { id, name } = await board();
    const clients = Array.from({ length: 30 }, (_, i) => open(urls[i % 3]!, name));
    await Promise.all(clients.map((c) => c.synced));
    // Each adds three cards, then renames and moves cards others added, all at once.
    clients.forEach((c, i) => {
      for (let k = 0; k < 3; k++) addCard(c.doc, { id: `c${i}-${k}`, columnId: 'todo', title: `card ${i}.${k}` });
    });
    await converged(clients);
    const columns = readBoard(clients[0]!.doc).columns.map((column) => column.id);
    clients.forEach((c, i) => {
      const other = (i * 7 + 3) % 30;
      updateCard(c.doc, `c${other}-0`, { title: `renamed by ${i}` });
      moveCard(c.doc, `c${other}-1`, columns[(i + 1) % columns.length]!);
    });
    await Promise.all(clients.map((c) => c.saved.whenSaved()));
    await converged(clients);
    expect(readBoard(clients[0]!.doc).columns.flatMap((column) => column.cards)).toHaveLength(90);

    const moved = await client(urls[0]!).call('POST', '/api/tasks/move', { token: owner.accessToken, body: { taskId: `${projectId}.${id}.c5-2`, toColumnId: 'done' } });
    expect(moved.status).toBe(200);
    for (const c of clients) {
      await expect.poll(() => readBoard(c.doc).columns.find((column) => column.id === 'done')?.cards.some((card) => card.id === 'c5-2'), CONVERGED).toBe(true);
    }
  });

  it('presence is global: a person on one instance sees who is on the others', async () => {
    const { name } = await board();
    const [here, there] = [open(urls[0]!, name), open(urls[2]!, name)];
    await Promise.all([here.synced, there.synced]);
    here.provider.setAwarenessField('cursor', { card: 'x' });
    await expect.poll(() => [...there.provider.awareness!.getStates().values()].some((state) => (state.cursor as { card?: string } | undefined)?.card === 'x'), CONVERGED).toBe(true);
    // Someone opening the board later sees it at once (without waiting for the next renewal).
    const late = open(urls[1]!, name);
    await late.synced;
    await expect.poll(() => [...late.provider.awareness!.getStates().values()].some((state) => (state.cursor as { card?: string } | undefined)?.card === 'x'), { timeout: 5_000, interval: 50 }).toBe(true);
  });

  it('a member removed on one instance is cut off on another within a second', async () => {
    const { name } = await board();
    const leaving = await client(urls[0]!).signIn();
    expect((await client(urls[0]!).call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: leaving.email, role: 'editor' } })).status).toBe(201);
    const elsewhere = open(urls[2]!, name, leaving.accessToken);
    await elsewhere.synced;
    expect((await client(urls[0]!).call('DELETE', `/api/projects/${projectId}/members/${leaving.userId}`, { token: owner.accessToken })).status).toBe(200);
    await expect(within(elsewhere.closed, 1_500, 'the other instance closing the socket')).resolves.toBe('access-revoked');
  });

  it("a move on one instance and a title edit of the same card on another, before either hears of the other's, leave the listing and the feed as the board", async () => {
    const { id, here, there, name } = await cardOnTwoInstances('raced');
    await holdRelay();
    moveCard(here.doc, 'raced', 'review');
    await here.saved.whenSaved();
    updateCard(there.doc, 'raced', { title: 'New title' });
    await there.saved.whenSaved();
    await converged([here, there]);
    expect(readBoard(there.doc).columns.find((column) => column.id === 'review')?.cards.map((card) => card.title)).toEqual(['New title']);

    // The listing (the projection) holds both edits, and the feed tells one move: none back to where the title's writer last saw it.
    expect(await listedTitles(id, 'review')).toEqual(['New title']);
    expect(await movesTold(name)).toEqual(['todo→review']);
  });

  it("the same, when the two instances' commits of that card are under way at once", async () => {
    const { id, here, there, name } = await cardOnTwoInstances('overlapped');
    await expect.poll(async () => (await database.db.query("SELECT 1 FROM document_entries WHERE document_name = $1 AND entry_id = 'overlapped'", [name])).rows.length).toBe(1);

    // The card's row is held: the move's commit waits on it, and the rename's commit starts before the move's ends.
    await database.db.transaction(async (tx) => {
      await tx.query("SELECT 1 FROM document_entries WHERE document_name = $1 AND entry_id = 'overlapped' FOR UPDATE", [name]);
      moveCard(here.doc, 'overlapped', 'review');
      await new Promise((resolve) => setTimeout(resolve, 300));
      updateCard(there.doc, 'overlapped', { title: 'New title' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await Promise.all([here.saved.whenSaved(), there.saved.whenSaved()]);
    await converged([here, there]);

    expect(await listedTitles(id, 'review')).toEqual(['New title']);
    expect(await movesTold(name)).toEqual(['todo→review']);
  });

  it('two instances moving one card at once: the listing takes the move the board kept at the next edit of the card', async () => {
    const { id, here, there, name } = await cardOnTwoInstances('contested');
    // Of two concurrent writes of one field Yjs keeps the higher client id's: that one commits first,
    // so the later commit is the one the board drops.
    const [first, second] = here.doc.clientID > there.doc.clientID ? [here, there] : [there, here];
    await holdRelay();
    moveCard(first.doc, 'contested', 'review');
    await first.saved.whenSaved();
    moveCard(second.doc, 'contested', 'done');
    await second.saved.whenSaved();
    await converged([here, there]);
    const kept = readBoard(here.doc).columns.find((column) => column.cards.some((card) => card.id === 'contested'))!.id;
    expect(kept).toBe('review');

    // Both instances have applied both moves now: the next edit of the card, anywhere, writes it as the board has it.
    updateCard(second.doc, 'contested', { title: 'Settled' });
    await second.saved.whenSaved();
    expect(await listedTitles(id, kept)).toEqual(['Settled']);
    // And the feed ends where the board does.
    expect((await movesTold(name)).at(-1)).toBe(`done→${kept}`);
  });

  it("content stored under a person's client id through one instance is theirs on the others too: nobody there writes under it", async () => {
    const { name } = await board();
    const editor = await newEditor();
    // The second instance holds the board before the owner's first edit, which reaches it only through the relay.
    const [mine, watching] = [open(urls[0]!, name), open(urls[1]!, name, editor.accessToken)];
    await Promise.all([mine.synced, watching.synced]);
    addCard(mine.doc, { id: 'owners', columnId: 'todo', title: "The owner's" });
    await mine.saved.whenSaved();
    await converged([mine, watching]);

    // The editor, on the second instance, writes under the owner's client id.
    const forger = open(urls[1]!, name, editor.accessToken);
    await forger.synced;
    forger.doc.clientID = mine.doc.clientID;
    addCard(forger.doc, { id: 'forged', columnId: 'todo', title: 'Written as the owner' });
    // A later edit of the owner's marks how far the third instance has got.
    await new Promise((resolve) => setTimeout(resolve, 300));
    addCard(mine.doc, { id: 'marker', columnId: 'todo', title: 'After' });
    await mine.saved.whenSaved();
    const third = open(urls[2]!, name);
    await third.synced;
    await expect.poll(() => cardIds(third.doc), CONVERGED).toContain('marker');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardIds(third.doc)).not.toContain('forged');
    const stored = await database.db.query<{ update: Buffer }>('SELECT update FROM document_updates WHERE document_name = $1', [name]);
    expect(Buffer.concat(stored.rows.map((row) => row.update)).includes(Buffer.from('Written as the owner'))).toBe(false);
  });

  /** A new board open on the first instance by its owner, whose presence (and so client id) an editor sees on `spyUrl`'s instance. */
  async function ownerSeenInPresence(spyUrl: string): Promise<{ name: string; editor: SignedIn; mine: ConnectedProvider; spy: ConnectedProvider }> {
    const { name } = await board();
    const editor = await newEditor();
    const [mine, spy] = [open(urls[0]!, name), open(spyUrl, name, editor.accessToken)];
    await Promise.all([mine.synced, spy.synced]);
    mine.provider.setAwarenessField('cursor', { card: 'x' });
    await expect.poll(() => spy.provider.awareness!.getStates().has(mine.doc.clientID), CONVERGED).toBe(true);
    return { name, editor, mine, spy };
  }
  /**
   * `forger` sends a card written under the owner's client id (over `base`, a replica of the board),
   * then one under its own; then the owner adds their first card. Another instance's newcomer must
   * see only those two, and the owner's replica must never have seen its id used.
   */
  async function squatFails(name: string, mine: ConnectedProvider, forger: ConnectedProvider, base: Y.Doc, observerUrl: string): Promise<void> {
    const mineId = mine.doc.clientID;
    forger.websocketProvider.send(updateFrame(name, writtenAs(base, mineId, (doc) => addCard(doc, { id: 'forged', columnId: 'todo', title: 'Written as the owner' }))));
    await forger.synced;
    addCard(forger.doc, { id: 'marker', columnId: 'done', title: 'After' });
    await forger.saved.whenSaved();
    addCard(mine.doc, { id: 'mine', columnId: 'todo', title: "The owner's first" });
    await mine.saved.whenSaved();
    const observer = open(observerUrl, name);
    await observer.synced;
    await expect.poll(() => cardIds(observer.doc).sort(), CONVERGED).toEqual(['marker', 'mine']);
    expect(mine.doc.clientID).toBe(mineId);
  }

  it("a client id announced in presence on one instance is its person's on the others before their first edit: nobody there writes under it", async () => {
    // The editor, on the second instance (which holds the board), writes under the id the presence relayed there showed.
    const { name, mine, spy } = await ownerSeenInPresence(urls[1]!);
    await squatFails(name, mine, spy, spy.doc, urls[2]!);
  });

  it("the same, on an instance that loads the board just then: what waits there for its load is judged after the others' presence", async () => {
    const { name, editor, mine, spy } = await ownerSeenInPresence(urls[0]!);
    // The third instance has not loaded the board: the editor's update goes with the socket's first frames.
    const forger = open(urls[2]!, name, editor.accessToken);
    await squatFails(name, mine, forger, spy.doc, urls[1]!);
  });

  it('the same, when the editor announces that id in presence first, on an instance that loads the board just then: Redis says whose it is', async () => {
    const { name, editor, mine, spy } = await ownerSeenInPresence(urls[0]!);
    // Before the third instance has heard anyone's presence on the board, the editor's first frames say the id is theirs.
    const forger = open(urls[2]!, name, editor.accessToken);
    forger.websocketProvider.send(forgedPresenceFrame(name, mine.doc.clientID, { cursor: { card: 'x' } }));
    await squatFails(name, mine, forger, spy.doc, urls[1]!);
    // Not even on the instance the editor announced it on: whoever looks there sees the owner under it.
    const watcher = open(urls[2]!, name);
    await watcher.synced;
    await expect.poll(() => (watcher.provider.awareness!.getStates().get(mine.doc.clientID) as { user?: { id?: string } } | undefined)?.user?.id, CONVERGED).toBe(owner.userId);
  });

  it('edits converge while Redis is down and after it comes back, with nobody reconnecting', async () => {
    const { name } = await board();
    const clients = [open(urls[0]!, name), open(urls[1]!, name), open(urls[2]!, name)];
    await Promise.all(clients.map((c) => c.synced));
    addCard(clients[0]!.doc, { id: 'before', columnId: 'todo', title: 'before' });
    await converged(clients);

    await redis.stop();
    clients.forEach((c, i) => addCard(c.doc, { id: `down-${i}`, columnId: 'todo', title: `while Redis is down ${i}` }));
    await Promise.all(clients.map((c) => c.saved.whenSaved()));
    // No bus: each instance finds the others' batches by the stored versions and catches up from the log.
    await converged(clients);
    expect(readBoard(clients[1]!.doc).columns.flatMap((column) => column.cards.map((card) => card.id)).sort()).toEqual(['before', 'down-0', 'down-1', 'down-2']);

    await redis.start();
    // The bus is back (its subscribers resubscribe): a burst of edits reaches everyone.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clients.forEach((c, i) => {
      for (let k = 0; k < 5; k++) addCard(c.doc, { id: `up-${i}-${k}`, columnId: 'done', title: `after ${i}.${k}` });
    });
    await converged(clients);
    expect(readBoard(clients[2]!.doc).columns.flatMap((column) => column.cards)).toHaveLength(19);
    expect(clients.every((c) => c.socketCloses.length === 0)).toBe(true);
  });

  it('kill -9 of an instance loses nothing reported saved; its clients reconnect through the balancer to another and converge', async () => {
    const { name } = await board();
    // Through the balancer, round-robin: two clients per instance.
    const clients = Array.from({ length: 6 }, () => open(balancer.url, name));
    await Promise.all(clients.map((c) => c.synced));
    clients.forEach((c, i) => {
      for (let k = 0; k < 10; k++) addCard(c.doc, { id: `k${i}-${k}`, columnId: 'todo', title: `before the kill ${i}.${k}` });
    });
    await Promise.all(clients.map((c) => c.saved.whenSaved()));
    const victim = servers[2]!;
    victim.process.kill('SIGKILL');
    await victim.exited;
    // Everyone goes on editing; those that were on the dead instance reconnect through the balancer.
    clients.forEach((c, i) => addCard(c.doc, { id: `after-${i}`, columnId: 'done', title: `after the kill ${i}` }));
    await Promise.all(clients.map((c) => within(c.saved.whenSaved(), 20_000, 'saved after the kill')));
    await converged(clients);
    // A fresh client on a survivor loads the stored state: everything reported saved is there.
    const fresh = open(urls[0]!, name);
    await fresh.synced;
    const ids = readBoard(fresh.doc).columns.flatMap((column) => column.cards.map((card) => card.id));
    expect(ids).toHaveLength(66);
    expect(view(fresh.doc)).toBe(view(clients[0]!.doc));
  });
});
