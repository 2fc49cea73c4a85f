import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { AuthStep, MessageType, SyncStep } from '../documents/wire/protocol.js';
import { grantInstanceAdmin } from '../identity/instance-admins.js';
import { frame, harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 15_000, interval: 20 };
const CARDS = 300;

/** What a raw client was sent for one document, in order. */
interface Received {
  kind: 'authenticated' | 'denied' | 'step1' | 'step2' | 'update' | 'stateless' | 'other';
  bytes: number;
  payload?: Uint8Array;
}

function readFrame(data: Uint8Array): Received {
  const decoder = decoding.createDecoder(data);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.Auth) {
    const step = decoding.readVarUint(decoder);
    return { kind: step === AuthStep.Authenticated ? 'authenticated' : step === AuthStep.PermissionDenied ? 'denied' : 'other', bytes: data.byteLength };
  }
  if (type === MessageType.Stateless) return { kind: 'stateless', bytes: data.byteLength };
  if (type !== MessageType.Sync) return { kind: 'other', bytes: data.byteLength };
  const step = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  const kind = step === SyncStep.Step1 ? 'step1' : step === SyncStep.Step2 ? 'step2' : 'update';
  return { kind, bytes: data.byteLength, payload };
}

const askForEverything = (name: string) => frame(name, (e) => (encoding.writeVarUint(e, MessageType.Sync), encoding.writeVarUint(e, SyncStep.Step1), encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))));

/** A client speaking the protocol by hand: authenticates, asks for everything (an empty state vector) unless told not to, records what it is sent. */
async function emptyClient(url: string, name: string, token: string, options = { ask: true }): Promise<{ received: Received[]; send(data: Uint8Array): void; close(): void }> {
  const socket = new WebSocket(url);
  const received: Received[] = [];
  socket.on('message', (data: Buffer) => received.push(readFrame(new Uint8Array(data))));
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(frame(name, (e) => (encoding.writeVarUint(e, MessageType.Auth), encoding.writeVarUint(e, AuthStep.Token), encoding.writeVarString(e, token))));
  if (options.ask) socket.send(askForEverything(name));
  return { received, send: (data) => socket.send(data), close: () => socket.terminate() };
}

const cardTitle = (doc: Y.Doc, id: string) => readBoard(doc).columns.flatMap((column) => column.cards).find((card) => card.id === id)?.title;
const cardCount = (doc: Y.Doc) => readBoard(doc).columns.reduce((sum, column) => sum + column.cards.length, 0);

describe.each(BACKENDS)('first sync of a document not loaded: %s', (kind) => {
  const h = harness(kind);

  const loaded = async (name: string) => {
    const listed = await h.api.call<{ name: string }[]>('GET', '/api/admin/documents', { token: h.owner.accessToken });
    return listed.body.data.some((document) => document.name === name);
  };

  /** A board of `CARDS` cards folded into its snapshot, then one title changed after it (in the log only); not loaded. */
  async function storedBoard(): Promise<string> {
    await grantInstanceAdmin(h.app.db, h.owner.email, 'test');
    const name = await h.createBoard('Stored');
    const writer = h.open(name, h.owner.accessToken);
    await writer.synced;
    writer.doc.transact(() => {
      for (let i = 0; i < CARDS; i++) addCard(writer.doc, { id: `c${i}`, columnId: 'todo', title: `Card ${i}` });
    });
    await writer.saved.whenSaved();
    // Folded now (an automatic fold that the size of that one update started may hold it: then again).
    const tailLength = async () => {
      const snapshot = await h.api.call<{ compacted: boolean }>('POST', `/api/admin/documents/${encodeURIComponent(name)}/snapshot`, { token: h.owner.accessToken });
      expect(snapshot.status).toBe(200);
      return (await h.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM document_updates WHERE document_name = $1', [name])).rows[0]!.n;
    };
    await expect.poll(tailLength, POLL).toBe(0);
    updateCard(writer.doc, 'c0', { title: 'After the snapshot' });
    await writer.saved.whenSaved();
    writer.destroy();
    await expect.poll(() => loaded(name), POLL).toBe(false);
    return name;
  }

  it('syncs an empty client from what is stored while the document loads; the server then sends nothing again', async () => {
    const name = await storedBoard();
    const stored = await h.app.db.query<{ n: number }>('SELECT octet_length(state) AS n FROM document_snapshots WHERE document_name = $1', [name]);
    const snapshotBytes = stored.rows[0]!.n;

    const client = await emptyClient(h.app.wsUrl, name, h.owner.accessToken);
    // Two answers: what is stored (ending in an empty sync step 2), then the server's own once loaded.
    await expect.poll(() => client.received.filter((received) => received.kind === 'step2').length, POLL).toBe(2);
    client.close();
    const synced = client.received.findIndex((received) => received.kind === 'step2');
    const beforeSynced = client.received.slice(0, synced).filter((received) => received.kind !== 'other' && received.kind !== 'step1');
    expect(beforeSynced[0]!.kind).toBe('authenticated');
    expect(beforeSynced.slice(1).every((received) => received.kind === 'update')).toBe(true);
    expect(beforeSynced[1]!.payload!.byteLength).toBe(snapshotBytes);

    // Synced means complete: the snapshot and the change logged after it.
    const doc = new Y.Doc();
    for (const received of beforeSynced.slice(1)) Y.applyUpdate(doc, received.payload!);
    expect(cardCount(doc)).toBe(CARDS);
    expect(cardTitle(doc, 'c0')).toBe('After the snapshot');
    // The server's answer once loaded holds nothing new, not the board again.
    const answer = client.received.filter((received) => received.kind === 'step2')[1]!;
    expect(answer.payload!.byteLength).toBeLessThan(snapshotBytes / 10);
    const before = Y.encodeStateVector(doc);
    Y.applyUpdate(doc, answer.payload!);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('a provider opening it is synced with everything, and a herd opening it together converges', async () => {
    const name = await storedBoard();
    const herd = Array.from({ length: 5 }, () => h.open(name, h.owner.accessToken));
    await Promise.all(herd.map((provider) => provider.synced));
    for (const provider of herd) {
      expect(cardCount(provider.doc)).toBe(CARDS);
      expect(cardTitle(provider.doc, 'c0')).toBe('After the snapshot');
    }
    updateCard(herd[0]!.doc, 'c1', { title: 'Edited by the herd' });
    await expect.poll(() => herd.map((provider) => cardTitle(provider.doc, 'c1')), POLL).toEqual(herd.map(() => 'Edited by the herd'));
    await herd[0]!.saved.whenSaved();
  });

  it('sends nothing of the document to a client that is refused', async () => {
    const name = await storedBoard();
    const stranger = await h.api.signIn();
    const client = await emptyClient(h.app.wsUrl, name, stranger.accessToken);
    await expect.poll(() => client.received.some((received) => received.kind === 'denied'), POLL).toBe(true);
    // A member opening it right after loads it: had the refused client been sent the snapshot, it would have been by now.
    const member = h.open(name, h.owner.accessToken);
    await member.synced;
    client.close();
    expect(client.received.filter((received) => received.payload !== undefined)).toEqual([]);
  });

  it('sends nothing to a client whose access was revoked and who asks again without authenticating', async () => {
    const name = await storedBoard();
    const editor = await h.member('editor');
    // Authenticated and connected (its saved clocks arrive), but it never asked for the document.
    const client = await emptyClient(h.app.wsUrl, name, editor.accessToken, { ask: false });
    await expect.poll(() => client.received.some((received) => received.kind === 'stateless'), POLL).toBe(true);
    expect((await h.api.call('DELETE', `/api/projects/${h.projectId}/members/${editor.userId}`, { token: h.owner.accessToken })).status).toBe(200);
    await expect.poll(() => loaded(name), POLL).toBe(false);
    const before = client.received.length;
    client.send(askForEverything(name));
    // Asked of a document not loaded, an authenticated client is answered within tens of milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    client.close();
    expect(client.received.slice(before).filter((received) => received.payload !== undefined)).toEqual([]);
  });
});

describe.each(BACKENDS)('first sync of a loaded document: %s', (kind) => {
  const h = harness(kind);

  /** A board large enough for its encoding to be shared, kept open (loaded) by its writer. */
  async function openBoard() {
    const name = await h.createBoard('Open');
    const writer = h.open(name, h.owner.accessToken);
    await writer.synced;
    writer.doc.transact(() => {
      for (let i = 0; i < CARDS; i++) addCard(writer.doc, { id: `c${i}`, columnId: 'todo', title: `Card ${i} with a title long enough to count` });
    });
    await writer.saved.whenSaved();
    return { name, writer };
  }

  /** What a raw client held once its first answer said it was synced, and the server's own answer after it. */
  async function firstSync(name: string) {
    const client = await emptyClient(h.app.wsUrl, name, h.owner.accessToken);
    await expect.poll(() => client.received.filter((received) => received.kind === 'step2').length, POLL).toBe(2);
    client.close();
    const [first, second] = client.received.filter((received) => received.kind === 'step2');
    const sent = client.received.slice(0, client.received.indexOf(first!)).filter((received) => received.kind === 'update');
    const doc = new Y.Doc();
    for (const received of sent) Y.applyUpdate(doc, received.payload!);
    return { doc, sent, answer: second!.payload! };
  }

  it('sends empty clients one shared encoding of the board, and the server then sends nothing again', async () => {
    const { name, writer } = await openBoard();
    const a = await firstSync(name);
    const b = await firstSync(name);
    for (const client of [a, b]) {
      expect(cardCount(client.doc)).toBe(CARDS);
      // Hocuspocus's own answer names nothing the client lacks: it did not encode the board for it.
      const before = Y.encodeStateVector(client.doc);
      expect(client.answer.byteLength).toBeLessThan(100);
      Y.applyUpdate(client.doc, client.answer);
      expect(Y.encodeStateVector(client.doc)).toEqual(before);
    }
    expect(b.sent.map((received) => received.payload)).toEqual(a.sent.map((received) => received.payload));

    // A change made after it was encoded reaches the next client.
    updateCard(writer.doc, 'c7', { title: 'Changed while open' });
    await writer.saved.whenSaved();
    const c = await firstSync(name);
    expect(cardTitle(c.doc, 'c7')).toBe('Changed while open');
    writer.destroy();
  });

  it('a herd of providers opening it together is synced with everything and converges', async () => {
    const { name, writer } = await openBoard();
    updateCard(writer.doc, 'c0', { title: 'Before the herd' });
    const herd = Array.from({ length: 5 }, () => h.open(name, h.owner.accessToken));
    await Promise.all(herd.map((provider) => provider.synced));
    for (const provider of herd) {
      expect(cardCount(provider.doc)).toBe(CARDS);
      await expect.poll(() => cardTitle(provider.doc, 'c0'), POLL).toBe('Before the herd');
    }
    updateCard(herd[2]!.doc, 'c1', { title: 'Edited by the herd' });
    const everyone = [writer, ...herd];
    await expect.poll(() => everyone.map((provider) => cardTitle(provider.doc, 'c1')), POLL).toEqual(everyone.map(() => 'Edited by the herd'));
    await herd[2]!.saved.whenSaved();
    for (const provider of everyone) provider.destroy();
  });
});
