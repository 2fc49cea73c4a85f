import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { RESERVED_IDS_PER_OWNER } from '../collab/admission/client-owners.js';
import { type Harness, forgedPresenceFrame, harness, updateFrame } from './helpers/collab-harness.js';
import { bystanders, stored } from './helpers/hostile-board.js';
import { BACKENDS } from './helpers/databases.js';
import type { ConnectedProvider } from './helpers/provider.js';
import { contentUpdate, gcUpdate, withoutStart, writtenAs } from './helpers/yjs-craft.js';

const POLL = { timeout: 10_000, interval: 20 };
const MAX_WAIT_MS = 400;

function cardIds(doc: Y.Doc): string[] {
  return readBoard(doc)
    .columns.flatMap((column) => column.cards.map((card) => card.id))
    .sort();
}

/**
 * What a newcomer gets: the best of three joins (so a busy machine does not decide the
 * verdict), the size of what it received, and its replica.
 */
async function newcomer(h: Harness, name: string): Promise<{ ms: number; bytes: number; clients: number; doc: Y.Doc }> {
  let best = Number.POSITIVE_INFINITY;
  let last: ConnectedProvider | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const joiner = h.open(name, h.owner.accessToken);
    await joiner.synced;
    best = Math.min(best, performance.now() - started);
    last?.destroy();
    last = joiner;
  }
  const doc = last!.doc;
  expect(doc.store.pendingStructs).toBeNull();
  expect(doc.store.pendingDs).toBeNull();
  return { ms: best, bytes: Y.encodeStateAsUpdate(doc).byteLength, clients: Y.decodeStateVector(Y.encodeStateVector(doc)).size, doc };
}

/**
 * The document after an attack: a newcomer loads what the honest client sees, and storage holds
 * about what it shows. The time bound only catches a pathological load (an attack that makes
 * integration quadratic takes seconds); how fast a load is belongs to `npm run bench`, not here,
 * where a busy machine would make a tight bound flaky.
 */
async function expectHealthy(h: Harness, name: string, honest: Y.Doc) {
  const joined = await newcomer(h, name);
  expect(readBoard(joined.doc)).toEqual(readBoard(honest));
  expect(joined.ms).toBeLessThan(5_000);
  const content = Y.encodeStateAsUpdate(honest).byteLength;
  expect(joined.bytes).toBeLessThanOrEqual(2 * content);
  return joined;
}

describe.each(BACKENDS)('hostile updates from a member’s socket: %s', (kind) => {
  const h = harness(kind, { COLLAB_MAX_WAIT_MS: String(MAX_WAIT_MS), COLLAB_NEW_CLIENT_IDS_PER_DAY: '150', COLLAB_COMPACT_AFTER_UPDATES: '20' });

  it('an update missing its dependencies is not kept, relayed, stored or acknowledged (item 1)', async () => {
    const name = await h.createBoard('Pending');
    const others = await bystanders(h, name);
    const editor = await h.member('editor');
    const before = (await stored(h, name)).bytes;

    // 4 MB starting at clock 1 of a fresh client id: clock 0 never comes.
    const huge = contentUpdate('cards', 4_000_000);
    const attacker = h.open(name, editor.accessToken);
    await attacker.synced;
    attacker.websocketProvider.send(updateFrame(name, withoutStart(huge.update, huge.clientID, 1)));
    await expect.poll(() => attacker.socketCloses[0], POLL).toBe(4400);

    // A small one waits for its dependency, within bounds, then the socket is closed.
    const small = contentUpdate('cards', 2_000);
    const patient = h.open(name, editor.accessToken);
    await patient.synced;
    const sent = Date.now();
    patient.websocketProvider.send(updateFrame(name, withoutStart(small.update, small.clientID, 1)));
    await expect.poll(() => patient.socketCloses[0], POLL).toBe(4400);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(MAX_WAIT_MS - 50);

    for (const replica of [others.a.doc, others.b.doc]) {
      expect(Y.getState(replica.store, huge.clientID)).toBe(0);
      expect(Y.getState(replica.store, small.clientID)).toBe(0);
      expect(replica.store.pendingStructs).toBeNull();
    }
    const joined = await expectHealthy(h, name, others.a.doc);
    expect(Y.getState(joined.doc.store, huge.clientID)).toBe(0);
    expect((await stored(h, name)).bytes).toBe(before);
    await others.stillWork('after pending structs');
  });

  it('forged client ids cannot grow the state vector; ids are bound to the person who introduced them (item 2)', async () => {
    const name = await h.createBoard('Client ids');
    const others = await bystanders(h, name);
    const editor = await h.member('editor');
    const clientsBefore = Y.decodeStateVector(Y.encodeStateVector(others.a.doc)).size;

    // 300,000 one-unit GC structs, each for a new client id, in one 2.4 MB message.
    const flood = gcUpdate(Array.from({ length: 300_000 }, (_, i) => ({ client: 1_000_000 + i, clock: 0, length: 1 })));
    for (let attempt = 0; attempt < 3; attempt++) {
      const attacker = h.open(name, editor.accessToken);
      await attacker.synced;
      attacker.websocketProvider.send(updateFrame(name, flood));
      await expect.poll(() => attacker.socketCloses[0], POLL).toBe(4400);
    }
    // Within the per-connection bound, but the per-person daily bound (150 here) still holds.
    const accepted: number[] = [];
    for (let round = 0; round < 3; round++) {
      const sender = h.open(name, editor.accessToken);
      await sender.synced;
      const ids = Array.from({ length: 60 }, (_, i) => 5_000_000 + round * 100 + i);
      sender.websocketProvider.send(updateFrame(name, gcUpdate(ids.map((client) => ({ client, clock: 0, length: 1 })))));
      if (round < 2) {
        await expect.poll(() => Y.getState(others.a.doc.store, ids.at(-1)!), POLL).toBe(1);
        accepted.push(...ids);
      } else {
        await expect.poll(() => sender.socketCloses[0], POLL).toBe(4400);
      }
    }
    const joined = await expectHealthy(h, name, others.a.doc);
    expect(joined.clients).toBeLessThanOrEqual(clientsBefore + accepted.length + 2);
    await others.stillWork('after forged client ids');
  });

  it('an editor cannot erase an offline member’s edits with a forged GC struct in their client id (item 6)', async () => {
    const name = await h.createBoard('Erase');
    const editor = await h.member('editor');
    const victim = h.open(name, h.owner.accessToken);
    const attacker = h.open(name, editor.accessToken);
    await Promise.all([victim.synced, attacker.synced]);
    addCard(victim.doc, { id: 'online', columnId: 'todo', title: 'Online' });
    await victim.saved.whenSaved();
    await expect.poll(() => cardIds(attacker.doc), POLL).toContain('online');

    victim.websocketProvider.disconnect();
    await expect.poll(() => victim.websocketProvider.status, POLL).toBe('disconnected');
    for (let n = 0; n < 3; n++) addCard(victim.doc, { id: `offline${n}`, columnId: 'review', title: `Offline ${n}` });

    // The attacker sees the victim's client id (presence and every update carry it) and the clock the server holds.
    const held = Y.getState(attacker.doc.store, victim.doc.clientID);
    attacker.websocketProvider.send(updateFrame(name, gcUpdate([{ client: victim.doc.clientID, clock: held, length: 1_000 }])));
    addCard(attacker.doc, { id: 'marker', columnId: 'done', title: 'After the forgery' });
    await attacker.saved.whenSaved();
    expect(attacker.socketCloses).toEqual([]);
    // The same with an implausible length closes the attacker.
    attacker.websocketProvider.send(updateFrame(name, gcUpdate([{ client: victim.doc.clientID, clock: held, length: 2 ** 40 }])));
    await expect.poll(() => attacker.socketCloses[0], POLL).toBe(4400);

    victim.websocketProvider.connect();
    await victim.saved.whenSaved();
    const saved = (await stored(h, name)).doc;
    expect(cardIds(saved)).toEqual(['marker', 'offline0', 'offline1', 'offline2', 'online']);
    expect(cardIds(victim.doc)).toEqual(cardIds(saved));
  });

  it('a client id learned from someone’s presence, before their first edit, is theirs: nobody else writes or speaks under it', async () => {
    const name = await h.createBoard('Squat');
    const editor = await h.member('editor');
    const attacker = h.open(name, editor.accessToken);
    const victim = h.open(name, h.owner.accessToken);
    const watcher = h.open(name, h.owner.accessToken);
    await Promise.all([attacker.synced, victim.synced, watcher.synced]);
    victim.provider.setAwarenessField('cursor', { card: 'x' });
    const victimId = victim.doc.clientID;
    await expect.poll(() => attacker.provider.awareness!.getStates().has(victimId), POLL).toBe(true);
    // However long they only move their cursor (each move a presence message), the id stays set aside.
    const moves = 2 * RESERVED_IDS_PER_OWNER;
    for (let move = 1; move <= moves; move++) {
      victim.provider.setAwarenessField('cursor', { card: `x${move}` });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await expect.poll(() => (attacker.provider.awareness!.getStates().get(victimId)?.cursor as { card?: string } | undefined)?.card, POLL).toBe(`x${moves}`);

    // The attacker writes first under the id it saw, then under its own on the same socket, which marks how far the server got.
    attacker.websocketProvider.send(updateFrame(name, writtenAs(attacker.doc, victimId, (doc) => addCard(doc, { id: 'forged', columnId: 'todo', title: 'Written as the owner' }))));
    addCard(attacker.doc, { id: 'marker', columnId: 'done', title: 'After the forgery' });
    await attacker.saved.whenSaved();
    await expect.poll(() => cardIds(watcher.doc), POLL).toContain('marker');
    expect(cardIds(watcher.doc)).not.toContain('forged');

    // The victim's first edit is theirs, under the id they announced; their replica never saw it used.
    addCard(victim.doc, { id: 'mine', columnId: 'todo', title: 'Mine' });
    await victim.saved.whenSaved();
    expect(victim.doc.clientID).toBe(victimId);
    expect(cardIds((await stored(h, name)).doc)).toEqual(['marker', 'mine']);

    // Gone, their id still is not the attacker's to speak under: presence under it is dropped.
    victim.destroy();
    await expect.poll(() => watcher.provider.awareness!.getStates().has(victimId), POLL).toBe(false);
    attacker.websocketProvider.send(forgedPresenceFrame(name, victimId, { cursor: { card: 'hijacked' } }));
    attacker.provider.setAwarenessField('cursor', { card: 'after' });
    await expect.poll(() => watcher.provider.awareness!.getStates().get(attacker.doc.clientID)?.cursor, POLL).toEqual({ card: 'after' });
    expect(watcher.provider.awareness!.getStates().has(victimId)).toBe(false);
  });

  it('content the model throws away is refused before it is stored; repaired content is compacted away (item 5)', async () => {
    const name = await h.createBoard('Bloat');
    const others = await bystanders(h, name);
    const editor = await h.member('editor');
    const before = (await stored(h, name)).bytes;
    for (let round = 0; round < 3; round++) {
      const attacker = h.open(name, editor.accessToken);
      await attacker.synced;
      attacker.websocketProvider.send(updateFrame(name, contentUpdate('evil', 7_500_000).update));
      await expect.poll(() => attacker.socketCloses[0], POLL).toBe(4400);
    }
    expect((await stored(h, name)).bytes).toBe(before);

    // Valid frames the model repairs (a description far over its limit is reset): stored until compaction folds them away.
    const writer = h.open(name, editor.accessToken);
    await writer.synced;
    for (let round = 0; round < 12; round++) {
      writer.doc.getMap<Y.Map<unknown>>('cards').get('kept')!.set('description', String(round).repeat(500_000));
      await expect.poll(() => writer.messages.filter((m) => m.type === 'repaired').length, POLL).toBe(round + 1);
      // The repair travels as an update of its own; it may reach the writer just after the notice.
      await expect.poll(() => writer.doc.getMap<Y.Map<unknown>>('cards').get('kept')!.get('description'), POLL).toBe('');
    }
    await writer.saved.whenSaved();
    await expect.poll(async () => (await stored(h, name)).bytes <= 2 * Y.encodeStateAsUpdate(others.a.doc).byteLength, POLL).toBe(true);
    await expectHealthy(h, name, others.a.doc);
    await others.stillWork('after bloat');
  });
});

describe.each(BACKENDS)('honest edits the client-id rules must keep accepting: %s', (kind) => {
  const h = harness(kind);

  it('offline edits replayed after a reload under an older client id, and an edit made before they arrive', async () => {
    const name = await h.createBoard('Reload');
    const watcher = h.open(name, h.owner.accessToken);
    const tab = h.open(name, h.owner.accessToken);
    await Promise.all([watcher.synced, tab.synced]);
    addCard(tab.doc, { id: 'before', columnId: 'todo', title: 'Before' });
    await tab.saved.whenSaved();
    tab.websocketProvider.disconnect();
    await expect.poll(() => tab.websocketProvider.status, POLL).toBe('disconnected');
    for (let n = 0; n < 3; n++) addCard(tab.doc, { id: `offline${n}`, columnId: 'review', title: `Offline ${n}` });
    const kept = Y.encodeStateAsUpdate(tab.doc);
    const oldClient = tab.doc.clientID;
    tab.destroy();

    // The reloaded page: IndexedDB restores the old client id's edits into a document with a new id,
    // and the person edits one of them (a dependency on content the server does not have yet) at once.
    const restored = new Y.Doc();
    Y.applyUpdate(restored, kept);
    const again = h.open(name, h.owner.accessToken, { doc: restored });
    again.saved.track([oldClient]);
    updateCard(restored, 'offline1', { title: 'Edited right after reload' });
    await again.saved.whenSaved();
    await expect.poll(() => cardIds(watcher.doc), POLL).toEqual(['before', 'offline0', 'offline1', 'offline2']);
    expect(readBoard(watcher.doc).columns.flatMap((c) => c.cards).find((card) => card.id === 'offline1')?.title).toBe('Edited right after reload');
    expect(again.socketCloses).toEqual([]);
    expect(cardIds((await stored(h, name)).doc)).toEqual(['before', 'offline0', 'offline1', 'offline2']);
  });

  it('a member promoted back to editor after editing while read-only keeps the socket and their edits', async () => {
    const name = await h.createBoard('Promoted');
    const person = await h.member('editor');
    const watcher = h.open(name, h.owner.accessToken);
    const member = h.open(name, person.accessToken);
    await Promise.all([watcher.synced, member.synced]);
    const setRole = async (role: string) =>
      expect((await h.api.call('PUT', `/api/projects/${h.projectId}/members/${person.userId}`, { token: h.owner.accessToken, body: { role } })).status).toBe(200);
    await setRole('viewer');
    await expect.poll(() => member.messages.some((m) => m.type === 'access' && m.readOnly === true), POLL).toBe(true);
    addCard(member.doc, { id: 'while-viewer', columnId: 'todo', title: 'Made while read-only' });
    await setRole('editor');
    await expect.poll(() => member.messages.some((m) => m.type === 'access' && m.readOnly === false), POLL).toBe(true);
    updateCard(member.doc, 'while-viewer', { title: 'Edited once editor again' });
    await expect.poll(() => readBoard(watcher.doc).columns[0]!.cards.map((card) => card.title), POLL).toEqual(['Edited once editor again']);
    await member.saved.whenSaved();
    expect(member.socketCloses).toEqual([]);
  });

  it('another tab’s edits restored from IndexedDB, and GC structs for content the client deleted itself', async () => {
    const name = await h.createBoard('Tabs');
    const watcher = h.open(name, h.owner.accessToken);
    const first = h.open(name, h.owner.accessToken);
    await Promise.all([watcher.synced, first.synced]);
    // The first tab never wrote online: its client id is new to the server when another tab brings its edits.
    first.websocketProvider.disconnect();
    await expect.poll(() => first.websocketProvider.status, POLL).toBe('disconnected');
    addCard(first.doc, { id: 'tab1', columnId: 'todo', title: 'From the first tab' });
    addCard(first.doc, { id: 'scratch', columnId: 'todo', title: 'x'.repeat(400), description: 'y'.repeat(2_000) });
    first.doc.getMap('cards').delete('scratch');
    expect(first.doc.store.clients.get(first.doc.clientID)!.some((struct) => struct instanceof Y.GC || struct.deleted)).toBe(true);
    const shared = Y.encodeStateAsUpdate(first.doc);
    // The tab's own client: the state's first struct may be the server seed's (clients are written
    // highest id first), which is saved already, so waiting on it would not wait for the tab's edits.
    const tabClient = first.doc.clientID;
    first.destroy();

    const restored = new Y.Doc();
    Y.applyUpdate(restored, shared);
    const second = h.open(name, h.owner.accessToken, { doc: restored });
    second.saved.track([tabClient]);
    await second.saved.whenSaved();
    await expect.poll(() => cardIds(watcher.doc), POLL).toEqual(['tab1']);
    expect(second.socketCloses).toEqual([]);
    const kept = await stored(h, name);
    expect(cardIds(kept.doc)).toEqual(['tab1']);
  });
});
