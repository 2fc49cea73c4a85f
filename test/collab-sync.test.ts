import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDocument } from '../storage/document-log.js';
import { addThread, readAnnotations } from '../documents/annotations/annotations.js';
import { addEvent, readCalendar } from '../documents/calendar/calendar.js';
import { addCard, moveCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { addItem, moveItem, readPipeline } from '../documents/pipeline/pipeline.js';
import type { SignedIn } from './helpers/client.js';
import { forgedPresenceFrame, frame, harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 10_000, interval: 20 };

function cardIds(doc: Y.Doc): string[] {
  return readBoard(doc).columns.flatMap((column) => column.cards.map((card) => card.id));
}

/** Replicas agree when their full states are byte-identical, not just their views. */
function converged(docs: Y.Doc[]): boolean {
  const first = Y.encodeStateAsUpdate(docs[0]!);
  return docs.every((doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).equals(Buffer.from(first)));
}

describe.each(BACKENDS)('many people on one board: %s', (kind) => {
  const h = harness(kind);

  it('two and ten clients editing at once converge, each card exactly once', async () => {
    for (const count of [2, 10]) {
      const name = await h.createBoard(`${count} clients`);
      const clients = Array.from({ length: count }, () => h.open(name, h.owner.accessToken));
      await Promise.all(clients.map((c) => c.synced));
      clients.forEach((c, i) => {
        for (let n = 0; n < 5; n++) addCard(c.doc, { id: `c${i}-${n}`, columnId: 'todo', title: `Card ${i}.${n}`, index: 0 });
      });
      // Everyone moves someone else's cards at once.
      clients.forEach((c, i) => {
        const theirs = `c${(i + 1) % count}-0`;
        const wait = () => (c.doc.getMap('cards').has(theirs) ? Promise.resolve() : new Promise<void>((resolve) => c.doc.once('update', () => resolve())));
        void wait().then(() => c.doc.getMap('cards').has(theirs) && moveCard(c.doc, theirs, ['in-progress', 'review', 'done'][i % 3]!, 0));
      });
      await expect.poll(() => converged(clients.map((c) => c.doc)) && cardIds(clients[0]!.doc).length === count * 5, POLL).toBe(true);
      const ids = cardIds(clients[0]!.doc);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of clients) expect(readBoard(c.doc)).toEqual(readBoard(clients[0]!.doc));
      await Promise.all(clients.map((c) => c.saved.whenSaved()));
      clients.forEach((c) => c.destroy());
    }
  });

  it('a client offline with its own edits converges on reconnect, each card once', async () => {
    const name = await h.createBoard('Offline');
    const online = h.open(name, h.owner.accessToken);
    const offline = h.open(name, h.owner.accessToken);
    await Promise.all([online.synced, offline.synced]);
    for (let n = 0; n < 6; n++) addCard(online.doc, { id: `shared${n}`, columnId: 'todo', title: `Shared ${n}` });
    await expect.poll(() => cardIds(offline.doc).length, POLL).toBe(6);

    offline.websocketProvider.disconnect();
    // connect() is a no-op until the socket has really closed, so wait for that.
    await expect.poll(() => offline.websocketProvider.status, POLL).toBe('disconnected');
    // Both sides move the same cards and add their own while apart.
    for (let n = 0; n < 6; n++) moveCard(offline.doc, `shared${n}`, 'done', 0);
    for (let n = 0; n < 4; n++) addCard(offline.doc, { id: `mine${n}`, columnId: 'review', title: `Offline ${n}` });
    updateCard(offline.doc, 'shared0', { title: 'Renamed offline' });
    for (let n = 0; n < 6; n += 2) moveCard(online.doc, `shared${n}`, 'in-progress');
    addCard(online.doc, { id: 'theirs', columnId: 'todo', title: 'Online' });
    updateCard(online.doc, 'shared0', { description: 'Described online' });
    await online.saved.whenSaved();

    offline.websocketProvider.connect();
    await expect.poll(() => converged([online.doc, offline.doc]), POLL).toBe(true);
    const ids = cardIds(online.doc);
    expect(ids.sort()).toEqual([...Array.from({ length: 6 }, (_, n) => `shared${n}`), ...Array.from({ length: 4 }, (_, n) => `mine${n}`), 'theirs'].sort());
    const shared0 = readBoard(online.doc).columns.flatMap((c) => c.cards).find((card) => card.id === 'shared0')!;
    // Different fields edited on both sides both survive.
    expect(shared0).toMatchObject({ title: 'Renamed offline', description: 'Described online' });
    await offline.saved.whenSaved();
    // A newcomer loads the merged, stored board.
    const late = h.open(name, h.owner.accessToken);
    await late.synced;
    expect(readBoard(late.doc)).toEqual(readBoard(online.doc));
  });

  it('repairs a hostile update for everyone and tells the sender why', async () => {
    const name = await h.createBoard('Hostile');
    const editor = await h.member('editor');
    const hostile = h.open(name, editor.accessToken);
    const honest = h.open(name, h.owner.accessToken);
    await Promise.all([hostile.synced, honest.synced]);
    addCard(honest.doc, { id: 'a', columnId: 'todo', title: 'Fine' });
    await expect.poll(() => hostile.doc.getMap('cards').has('a'), POLL).toBe(true);
    // The repair goes out with the update it repairs, as one message: the others never hold the hostile state.
    const seenByHonest: string[] = [];
    honest.doc.on('afterTransaction', () => {
      const cards = honest.doc.getMap<Y.Map<unknown>>('cards');
      if (cards.has('b') || cards.get('a')?.get('columnId') === 'nowhere') seenByHonest.push('hostile state');
    });
    hostile.doc.transact(() => {
      const card = hostile.doc.getMap<Y.Map<unknown>>('cards').get('a')!;
      card.set('title', { $gt: '' });
      card.set('columnId', 'nowhere');
      hostile.doc.getMap('cards').set('b', new Y.Map([['id', 'b']]));
    });
    await expect.poll(() => hostile.messages.find((m) => m.type === 'repaired'), POLL).toBeTruthy();
    const reasons = (hostile.messages.find((m) => m.type === 'repaired')!.reasons as string[]).join('\n');
    expect(reasons).toContain('cards/a');
    await expect.poll(() => converged([hostile.doc, honest.doc]) && readBoard(honest.doc).columns[0]!.cards.length === 1, POLL).toBe(true);
    expect(readBoard(honest.doc).columns[0]!.cards[0]).toMatchObject({ id: 'a', title: '', columnId: 'todo' });
    expect(honest.doc.getMap('cards').has('b')).toBe(false);
    expect(seenByHonest).toEqual([]);
    expect(honest.messages.some((m) => m.type === 'repaired')).toBe(false);

    // Content for a root the model does not have would only be stored and then cleared: refused before either.
    hostile.doc.getText('evil').insert(0, 'x'.repeat(500));
    await expect.poll(() => hostile.socketCloses[0], POLL).toBe(4400);
    const late = h.open(name, h.owner.accessToken);
    await late.synced;
    expect(late.doc.share.has('evil')).toBe(false);
    expect(readBoard(late.doc)).toEqual(readBoard(honest.doc));
  });

  it('enforces each kind’s own model; commenters write annotations through the server', async () => {
    const create = async (kind: 'pipeline' | 'annotations' | 'calendar') =>
      (await h.api.call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { token: h.owner.accessToken, body: { kind, title: kind } })).body.data.name;
    const commenter = await h.member('commenter');
    const notes = h.open(await create('annotations'), commenter.accessToken);
    const owner = h.open(notes.provider.configuration.name, h.owner.accessToken);
    await expect(notes.authenticated).resolves.toBe('read-write');
    await Promise.all([notes.synced, owner.synced]);
    addThread(notes.doc, { id: 't1', target: 'script', anchor: { start: 0, end: 4, quote: 'Open' }, authorId: commenter.userId, body: 'Tighter?', createdAt: '2026-11-25T10:00:00Z' });
    notes.doc.getMap('replies').set('orphan', new Y.Map<unknown>(Object.entries({ id: 'orphan', threadId: 'ghost', authorId: 'x', body: 'x', createdAt: '2026-11-25T10:00:00Z', editedAt: null, deleted: false })));
    await expect.poll(() => readAnnotations(owner.doc).threads.map((t) => t.id), POLL).toEqual(['t1']);
    await expect.poll(() => owner.doc.getMap('replies').has('orphan') || notes.doc.getMap('replies').has('orphan'), POLL).toBe(false);
    // Told after the repair itself has gone out (see SchemaEnforcement): it may arrive a read later.
    await expect.poll(() => notes.messages.some((m) => m.type === 'repaired'), POLL).toBe(true);

    const calendar = h.open(await create('calendar'), h.owner.accessToken);
    await calendar.synced;
    addEvent(calendar.doc, { id: 'e', title: 'Launch', start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z', channel: 'youtube' });
    calendar.doc.getMap<Y.Map<unknown>>('events').get('e')!.set('end', '2026-12-01T09:00:00Z');
    await expect.poll(() => readCalendar(calendar.doc).events[0]?.end, POLL).toBe('2026-12-01T11:00:00.000Z');

    const pipeline = h.open(await create('pipeline'), h.owner.accessToken);
    await pipeline.synced;
    addItem(pipeline.doc, { id: 'v', type: 'video', title: 'Teaser' });
    expect(moveItem(pipeline.doc, 'v', 'production').missing.map((m) => m.id)).toEqual(['script', 'assignee', 'reference-asset', 'due-date']);
    pipeline.doc.getMap<Y.Map<unknown>>('items').get('v')!.set('stage', 'published');
    await expect.poll(() => readPipeline(pipeline.doc).stages[0]!.items.map((i) => i.id), POLL).toEqual(['v']);
  });

  it('stamps presence with the authenticated person; a forged identity or someone else’s client id is refused', async () => {
    const name = await h.createBoard('Presence');
    const editor = await h.member('editor');
    const forger = h.open(name, editor.accessToken);
    const victim = h.open(name, h.owner.accessToken);
    const watcher = h.open(name, h.owner.accessToken);
    await Promise.all([forger.synced, victim.synced, watcher.synced]);
    victim.provider.setAwarenessField('cursor', { card: 'x' });
    forger.provider.setAwarenessField('user', { id: h.owner.userId, name: 'Owner Person', color: '#000000' });
    forger.provider.setAwarenessField('cursor', { card: 'y' });
    const stateOf = (clientId: number) => watcher.provider.awareness!.getStates().get(clientId);
    await expect.poll(() => stateOf(forger.doc.clientID)?.cursor, POLL).toEqual({ card: 'y' });
    expect(stateOf(forger.doc.clientID)!.user).toMatchObject({ id: editor.userId });
    expect(stateOf(forger.doc.clientID)!.user.color).toMatch(/^#[0-9a-f]{6}$/);
    await expect.poll(() => stateOf(victim.doc.clientID)?.user?.name, POLL).toBe('Owner Person');

    // The forger sends an awareness update in the victim's client id, with a higher clock.
    forger.websocketProvider.send(forgedPresenceFrame(name, victim.doc.clientID, { cursor: { card: 'hijacked' } }));
    forger.provider.setAwarenessField('cursor', { card: 'after' });
    await expect.poll(() => stateOf(forger.doc.clientID)?.cursor, POLL).toEqual({ card: 'after' });
    expect(stateOf(victim.doc.clientID)!.cursor).toEqual({ card: 'x' });

    // The colour is the one the person chose in their profile (stamped by the server, like the name).
    const chosen = await h.api.call<{ color: string }>('PUT', '/auth/user/profile', { token: editor.accessToken, body: { color: '#2E8B57' } });
    expect(chosen.body.data.color).toBe('#2e8b57');
    const again = h.open(name, editor.accessToken);
    await again.synced;
    again.provider.setAwarenessField('cursor', { card: 'z' });
    await expect.poll(() => stateOf(again.doc.clientID)?.user?.color, POLL).toBe('#2e8b57');
  });
});

describe.each(BACKENDS)('access changes reach live connections: %s', (kind) => {
  const h = harness(kind, { ACCESS_TOKEN_TTL_SECONDS: '3' });

  async function freshToken(person: SignedIn): Promise<string> {
    const refreshed = await h.api.call<{ accessToken: string; refreshToken: string }>('POST', '/auth/refresh', { body: { refreshToken: person.refreshToken } });
    expect(refreshed.status).toBe(200);
    person.refreshToken = refreshed.body.data.refreshToken;
    person.accessToken = refreshed.body.data.accessToken;
    return person.accessToken;
  }

  it('closes a removed member’s connection and downgrades a demoted one', async () => {
    const name = await h.createBoard('Access');
    const removed = await h.member('editor');
    const demoted = await h.member('editor');
    const owner = h.open(name, () => freshToken(h.owner));
    const gone = h.open(name, () => freshToken(removed));
    const lowered = h.open(name, () => freshToken(demoted));
    await Promise.all([owner.synced, gone.synced, lowered.synced]);

    const removal = await h.api.call('DELETE', `/api/projects/${h.projectId}/members/${removed.userId}`, { token: await freshToken(h.owner) });
    expect(removal.status).toBe(200);
    await expect(gone.closed).resolves.toBe('access-revoked');

    const demotion = await h.api.call('PUT', `/api/projects/${h.projectId}/members/${demoted.userId}`, { token: await freshToken(h.owner), body: { role: 'viewer' } });
    expect(demotion.status).toBe(200);
    await expect.poll(() => lowered.messages.find((m) => m.type === 'access'), POLL).toMatchObject({ role: 'viewer', readOnly: true });
    addCard(lowered.doc, { id: 'from-viewer', columnId: 'todo', title: 'Should not land' });
    addCard(owner.doc, { id: 'from-owner', columnId: 'todo', title: 'Lands' });
    await expect.poll(() => lowered.doc.getMap('cards').has('from-owner'), POLL).toBe(true);
    await owner.saved.whenSaved();
    expect(owner.doc.getMap('cards').has('from-viewer')).toBe(false);
  });

  it('keeps a connection whose provider refreshes its token and closes one whose token expires', async () => {
    const name = await h.createBoard('Tokens');
    const stale = await h.member('editor');
    const refreshing = h.open(name, () => freshToken(h.owner));
    const expiring = h.open(name, stale.accessToken);
    await Promise.all([refreshing.synced, expiring.synced]);
    await expect(expiring.closed).resolves.toBe('token-expired');
    // Past the first token's lifetime, the refreshing client still edits on the same socket.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(refreshing.socketCloses).toEqual([]);
    addCard(refreshing.doc, { id: 'late', columnId: 'todo', title: 'After expiry' });
    await expect(refreshing.saved.whenSaved()).resolves.toBeUndefined();
    expect(refreshing.socketCloses).toEqual([]);
  }, 20_000);
});

describe.each(BACKENDS)('bad input closes only the offender: %s', (kind) => {
  const h = harness(kind, { COLLAB_MAX_MESSAGE_BYTES: '40000', COLLAB_MAX_DOCUMENT_BYTES: '50000', COLLAB_UPDATES_PER_SECOND: '20', COLLAB_UPDATE_BURST: '40' });

  async function rawSocket(): Promise<{ send(data: Uint8Array): void; closed: Promise<{ code: number; reason: string }> }> {
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(h.app.wsUrl);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    return { send: (data) => socket.send(data), closed };
  }

  /** Two honest clients on a board with one card, to check they are unaffected afterwards. */
  async function bystanders(name: string) {
    const a = h.open(name, h.owner.accessToken);
    const b = h.open(name, h.owner.accessToken);
    await Promise.all([a.synced, b.synced]);
    addCard(a.doc, { id: 'kept', columnId: 'todo', title: 'Kept' });
    await a.saved.whenSaved();
    return {
      async stillWork(marker: string) {
        updateCard(b.doc, 'kept', { title: marker });
        await expect.poll(() => readBoard(a.doc).columns[0]!.cards[0]?.title, POLL).toBe(marker);
        await b.saved.whenSaved();
        const reader = h.open(name, h.owner.accessToken);
        await reader.synced;
        expect(readBoard(reader.doc).columns[0]!.cards.find((card) => card.id === 'kept')?.title).toBe(marker);
        expect(readBoard(reader.doc).columns).toHaveLength(4);
        reader.destroy();
        // What is stored (snapshot + log), not just what the server holds in memory, is the board.
        const stored = new Y.Doc();
        for (const update of (await loadDocument(h.app.db, name)).updates) Y.applyUpdate(stored, update);
        expect(readBoard(stored)).toEqual(readBoard(a.doc));
      },
    };
  }

  it('garbage, truncated updates and unknown message types close that socket with 4400', async () => {
    const name = await h.createBoard('Garbage');
    const others = await bystanders(name);
    const valid = Y.encodeStateAsUpdate((() => {
      const doc = new Y.Doc();
      doc.getMap('cards').set('z', new Y.Map([['title', 'x'.repeat(200)]]));
      return doc;
    })());
    const frames = [
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]),
      frame(name, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, valid.slice(0, valid.length - 30)))),
      frame(name, (e) => encoding.writeVarUint(e, 42)),
      frame(name, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 7))),
      frame(name, (e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, new Uint8Array([1, 5, 0, 3, 0x7b, 0x7b, 0x7b])))),
    ];
    for (const bytes of frames) {
      const socket = await rawSocket();
      socket.send(bytes);
      await expect(socket.closed).resolves.toEqual({ code: 4400, reason: 'malformed-message' });
    }
    await others.stillWork('after garbage');
  });

  it('a message over the size limit closes with 1009, a document past its limit with 4413', async () => {
    const name = await h.createBoard('Big');
    const others = await bystanders(name);
    const big = h.open(name, h.owner.accessToken);
    await big.synced;
    addCard(big.doc, { id: 'huge', columnId: 'todo', title: 'Huge', description: 'x'.repeat(19_000) });
    addCard(big.doc, { id: 'huge2', columnId: 'todo', title: 'Huge', description: 'y'.repeat(19_000) });
    await expect.poll(() => big.socketCloses.length, POLL).toBe(0);
    await big.saved.whenSaved();
    // Too big for one frame:
    const single = h.open(name, h.owner.accessToken);
    await single.synced;
    single.doc.transact(() => {
      for (let i = 0; i < 3; i++) addCard(single.doc, { id: `frame${i}`, columnId: 'todo', title: 'x', description: 'f'.repeat(19_000) });
    });
    await expect.poll(() => single.socketCloses[0], POLL).toBe(1009);
    single.destroy();
    // Small frames, but the document would pass 50 kB:
    addCard(big.doc, { id: 'huge3', columnId: 'todo', title: 'Huge', description: 'z'.repeat(19_000) });
    await expect.poll(() => big.socketCloses[0], POLL).toBe(4413);
    big.destroy();
    await others.stillWork('after size limits');
  });

  it('a socket past its update budget closes with 4429', async () => {
    const name = await h.createBoard('Flood');
    const others = await bystanders(name);
    const flood = h.open(name, h.owner.accessToken);
    await flood.synced;
    addCard(flood.doc, { id: 'f', columnId: 'done', title: '0' });
    for (let i = 1; i <= 80; i++) updateCard(flood.doc, 'f', { title: String(i) });
    await expect.poll(() => flood.socketCloses[0], POLL).toBe(4429);
    flood.destroy();
    // Presence is relayed to everyone too: a stream of it spends the same budget.
    const chatter = h.open(name, h.owner.accessToken);
    await chatter.synced;
    for (let i = 0; i < 80; i++) chatter.provider.setAwarenessField('cursor', { at: i });
    await expect.poll(() => chatter.socketCloses[0], POLL).toBe(4429);
    chatter.destroy();
    await others.stillWork('after flood');
  });
});
