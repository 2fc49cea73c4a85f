import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_PRESENCE_STATES, MAX_PRESENCE_STATE_CHARS } from '../collab/frame-guard.js';
import { addThread, readAnnotations } from '../documents/annotations/annotations.js';
import { frame, harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { bystanders, presenceFrame, stored } from './helpers/hostile-board.js';

const POLL = { timeout: 10_000, interval: 20 };

describe.each(BACKENDS)('hostile presence and forged authors: %s', (kind) => {
  // People may announce 150 new client ids a day here (below the default), to test that bound.
  const h = harness(kind, { COLLAB_NEW_CLIENT_IDS_PER_DAY: '150' });

  it('presence that is not an object, nests deeply or is huge, and bytes after a message, close with 4400 (item 10)', async () => {
    const name = await h.createBoard('Presence');
    const others = await bystanders(h, name);
    const awareness = (json: string, states = 1) => presenceFrame(name, Array.from({ length: states }, (_, i) => 123 + i), json);
    // Presence is relayed to every other browser: a huge state, or a crowd of them in one message, is refused too.
    const huge = awareness(JSON.stringify({ editing: { id: 'x'.repeat(MAX_PRESENCE_STATE_CHARS) } }));
    const crowd = awareness('null', MAX_PRESENCE_STATES + 1);
    const stepOne = frame(name, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))));
    for (const bytes of [awareness('5'), awareness('"text"'), awareness('[1,2]'), awareness(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`), huge, crowd, new Uint8Array([...stepOne, 0])]) {
      const sender = h.open(name, h.owner.accessToken);
      await sender.synced;
      sender.websocketProvider.send(bytes);
      await expect.poll(() => sender.socketCloses[0], POLL).toBe(4400);
    }
    await others.stillWork('after malformed presence');
  });

  it('a connection speaks for at most 64 new client ids in presence, over however many messages; an empty state speaks for none', async () => {
    const name = await h.createBoard('Many ids');
    const watcher = h.open(name, h.owner.accessToken);
    const sender = h.open(name, h.owner.accessToken);
    await Promise.all([watcher.synced, sender.synced]);
    sender.provider.setAwarenessField('cursor', { card: 'mine' });
    await expect.poll(() => watcher.provider.awareness!.getStates().has(sender.doc.clientID), POLL).toBe(true);
    const ids = (from: number) => Array.from({ length: 40 }, (_, i) => 900_000 + from + i);
    // Empty states (clock 1, so they would be applied) announce nothing and show nobody: they use up nothing either.
    sender.websocketProvider.send(presenceFrame(name, ids(200), '{}'));
    for (const batch of [ids(0), ids(40)]) sender.websocketProvider.send(presenceFrame(name, batch, '{"cursor":{"card":"crowd"}}'));
    const sent = new Set([...ids(0), ...ids(40)]);
    const crowd = () => [...watcher.provider.awareness!.getStates().keys()].filter((id) => sent.has(id));
    // Its own id and 63 more; the other 17 are dropped, and the socket stays open.
    await expect.poll(() => crowd().length, POLL).toBe(63);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(crowd().sort((a, b) => a - b)).toEqual([...ids(0), ...ids(40)].slice(0, 63));
    expect([...watcher.provider.awareness!.getStates().keys()].filter((id) => ids(200).includes(id))).toEqual([]);
    expect(sender.socketCloses).toEqual([]);
  });

  it('presence announces no more new client ids a day than one person may introduce (150 here), however many connections they open', async () => {
    const name = await h.createBoard('Announced');
    const editor = await h.member('editor');
    const watcher = h.open(name, h.owner.accessToken);
    await watcher.synced;
    const announced = Array.from({ length: 180 }, (_, i) => 700_000 + i);
    // Three connections of one person, 60 new ids each: within each connection's 64.
    for (let c = 0; c < 3; c++) {
      const sender = h.open(name, editor.accessToken);
      await sender.synced;
      sender.websocketProvider.send(presenceFrame(name, announced.slice(c * 60, c * 60 + 60), '{"cursor":{"card":"x"}}'));
      await expect.poll(() => [...watcher.provider.awareness!.getStates().keys()].filter((id) => announced.includes(id)).length, POLL).toBe(Math.min(150, c * 60 + 60));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...watcher.provider.awareness!.getStates().keys()].filter((id) => announced.includes(id)).sort((a, b) => a - b)).toEqual(announced.slice(0, 150));
  });

  it('a commenter’s thread carries their own id, and a commenter cannot remove or rewrite someone else’s (item 10)', async () => {
    const notes = (await createDocument(h.api, h.owner.accessToken, h.projectId, 'annotations')).name;
    const [carol, dave] = [await h.member('commenter'), await h.member('commenter')];
    const owner = h.open(notes, h.owner.accessToken);
    const asCarol = h.open(notes, carol.accessToken);
    const asDave = h.open(notes, dave.accessToken);
    await Promise.all([owner.synced, asCarol.synced, asDave.synced]);
    addThread(asCarol.doc, { id: 't1', target: 'script', anchor: { start: 0, end: 4, quote: 'Open' }, authorId: h.owner.userId, body: 'Signed as the owner', createdAt: '2026-12-01T10:00:00Z' });
    await expect.poll(() => readAnnotations(owner.doc).threads[0]?.authorId, POLL).toBe(carol.userId);
    // Dave's socket may hear of the thread a moment after the owner's: deleting what he does not hold yet would send nothing.
    await expect.poll(() => asDave.doc.getMap('threads').has('t1'), POLL).toBe(true);
    asDave.doc.getMap('threads').delete('t1');
    await expect.poll(() => asDave.messages.some((m) => m.type === 'repaired'), POLL).toBe(true);
    // Carol's thread reaches the others as soon as it is applied, and is stored at its own commit.
    await Promise.all([asCarol.saved.whenSaved(), asDave.saved.whenSaved()]);
    const saved = (await stored(h, notes)).doc;
    expect(readAnnotations(saved).threads).toMatchObject([{ id: 't1', authorId: carol.userId, body: 'Signed as the owner' }]);
    await expect.poll(() => readAnnotations(asDave.doc).threads.map((t) => t.id), POLL).toEqual(['t1']);
  });
});
