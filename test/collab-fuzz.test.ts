import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { loadDocument } from '../storage/document-log.js';
import { addCard, moveCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { frame, harness, updateFrame } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FuzzKnowledge, hostileUpdate } from './helpers/hostile-updates.js';
import type { ConnectedProvider } from './helpers/provider.js';

const POLL = { timeout: 15_000, interval: 25 };
/** How long the hostile socket sends per backend: long enough for thousands of frames, short enough for the suite. */
const FUZZ_MS = 4_000;
const MIN_FRAMES = 300;
const MIN_SOCKETS = 5;
const COLUMNS = ['todo', 'in-progress', 'review', 'done'];

function cardIds(doc: Y.Doc): string[] {
  return readBoard(doc)
    .columns.flatMap((column) => column.cards.map((card) => card.id))
    .sort();
}

/** A raw socket that authenticates for one document and sends whatever it is given until the server closes it. */
async function hostileSocket(url: string, name: string, token: string): Promise<{ send(bytes: Uint8Array): void; closed: () => boolean; close(): void }> {
  const socket = new WebSocket(url);
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('error', () => (closed = true));
  socket.on('message', () => {});
  await new Promise((resolve) => socket.once('open', resolve).once('close', resolve));
  socket.send(frame(name, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, token))));
  return {
    send: (bytes) => {
      if (!closed) socket.send(bytes);
    },
    closed: () => closed,
    close: () => socket.terminate(),
  };
}

describe.each(BACKENDS)('fuzz: random and mutated updates from an editor’s socket: %s', (kind) => {
  const h = harness(kind, { COLLAB_MAX_WAIT_MS: '300', COLLAB_UPDATES_PER_SECOND: '2000', COLLAB_UPDATE_BURST: '4000' });

  it('leaves the server up, its memory bounded, the document fast to load and every honest saved edit in place', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const gen = prng.create(seed);
    const name = await h.createBoard('Fuzz');
    // The attacker is a member of their own: a person's sockets may write under each other's client ids
    // (tabs replaying one another's offline edits), so only other people's edits are protected from them.
    const [editor, colleague] = [await h.member('editor'), await h.member('editor')];
    const honest: { provider: ConnectedProvider; added: string[] }[] = [h.owner.accessToken, colleague.accessToken, h.owner.accessToken].map((token) => ({ provider: h.open(name, token), added: [] }));
    await Promise.all(honest.map(({ provider }) => provider.synced));
    const known: FuzzKnowledge = { updates: [], clients: [], roots: ['cards', 'columns', 'comments', 'meta'] };
    for (const { provider } of honest) {
      known.clients.push(provider.doc.clientID);
      provider.doc.on('update', (update: Uint8Array) => known.updates.length < 500 && known.updates.push(update));
    }
    const heapBefore = process.memoryUsage().heapUsed;

    const deadline = Date.now() + FUZZ_MS;
    // The attack lasts FUZZ_MS and at least MIN_FRAMES frames, so a busy machine still tests as much
    // (bounded: a server that cannot take them within the hard deadline fails the checks below).
    const hardDeadline = deadline + 4 * FUZZ_MS;
    let sent = 0;
    let sockets = 0;
    const attacking = () => (Date.now() < deadline || sent < MIN_FRAMES || sockets <= MIN_SOCKETS) && Date.now() < hardDeadline;
    // Several sockets at once: most hostile frames get their socket closed, and a new one must authenticate first.
    const attacker = async () => {
      while (attacking()) {
        const socket = await hostileSocket(h.app.wsUrl, name, editor.accessToken);
        sockets++;
        for (let burst = 0; burst < 40 && !socket.closed() && attacking(); burst++) {
          socket.send(updateFrame(name, hostileUpdate(gen, known)));
          sent++;
          if (burst % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 5));
        }
        socket.close();
      }
    };
    let attacked = false;
    const attack = Promise.all([attacker(), attacker(), attacker()]).finally(() => (attacked = true));
    const edits = (async () => {
      let n = 0;
      while (!attacked) {
        honest.forEach(({ provider, added }, i) => {
          const id = `h${i}-${n}`;
          addCard(provider.doc, { id, columnId: COLUMNS[n % 4]!, title: `Honest ${i}.${n}` });
          added.push(id);
          const mine = added[prng.uint32(gen, 0, added.length - 1)]!;
          if (provider.doc.getMap('cards').has(mine)) {
            moveCard(provider.doc, mine, COLUMNS[prng.uint32(gen, 0, 3)]!);
            updateCard(provider.doc, mine, { description: `edited ${n}` });
          }
        });
        n++;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    await Promise.all([attack, edits]);

    // The server answers, and everyone honest converges with every saved edit stored.
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    await Promise.all(honest.map(({ provider }) => provider.saved.whenSaved()));
    const docs = honest.map(({ provider }) => provider.doc);
    await expect.poll(() => docs.every((doc) => JSON.stringify(cardIds(doc)) === JSON.stringify(cardIds(docs[0]!))), POLL).toBe(true);
    const storedCards = async () => {
      const stored = new Y.Doc();
      for (const update of (await loadDocument(h.app.db, name)).updates) Y.applyUpdate(stored, update);
      return cardIds(stored);
    };
    // What is stored is exactly what every honest replica shows. An honest card may be gone from both:
    // the attacker is an editor, and editors may delete any card (moderation, see the threat model);
    // what nobody can do is make the server lose or keep something the replicas do not agree on.
    // (Forged GC structs that would erase another person's edits are refused: collab-hostile item 6.)
    const seen = cardIds(docs[0]!);
    // Polled: the last relayed updates may still be in the group commit.
    await expect.poll(storedCards, { ...POLL, message: `stored cards against the honest replicas' (seed ${seed})` }).toEqual(seen);
    for (const { provider } of honest) expect(provider.socketCloses, `an honest socket was closed (seed ${seed})`).toEqual([]);

    // A newcomer loads it fast and gets nothing pending; the state vector holds few forged ids.
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const joiner = h.open(name, h.owner.accessToken);
      await joiner.synced;
      best = Math.min(best, performance.now() - started);
      expect(joiner.doc.store.pendingStructs).toBeNull();
      expect(joiner.doc.store.pendingDs).toBeNull();
      expect(readBoard(joiner.doc)).toEqual(readBoard(docs[0]!));
      expect(Y.decodeStateVector(Y.encodeStateVector(joiner.doc)).size).toBeLessThan(honest.length + 1_000 + 10);
      joiner.destroy();
    }
    // A fuzzed document that loads in seconds (a poisoned state vector, pending structs replayed) is
    // what this catches; speed itself is measured by `npm run bench`, not on a shared CI machine
    // (best of three was 238 ms once with the suite and Chromium running beside it).
    expect(best, `newcomer join (seed ${seed})`).toBeLessThan(1_000);
    // Bounded: what the server holds grew by far less than what was thrown at it.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
    expect(sent).toBeGreaterThanOrEqual(MIN_FRAMES);
    expect(sockets).toBeGreaterThan(MIN_SOCKETS);
  }, 60_000);
});
