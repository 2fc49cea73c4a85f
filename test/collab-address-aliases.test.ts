import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readAddress } from '../documents/wire/address-aliases.js';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { frame, harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type ConnectedProvider, updateFramesOf } from './helpers/provider.js';

const POLL = { timeout: 10_000, interval: 20 };

const titleOf = (provider: ConnectedProvider, id: string) => readBoard(provider.doc).columns.flatMap((column) => column.cards).find((card) => card.id === id)?.title;

/** A raw socket: sends the given frames in order and resolves with how the server closed it. */
async function closeAfter(url: string, frames: Uint8Array[]): Promise<{ code: number; reason: string }> {
  const socket = new WebSocket(url);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('open', resolve));
  for (const bytes of frames) socket.send(bytes);
  const timer = setTimeout(() => socket.terminate(), 5_000);
  const result = await closed;
  clearTimeout(timer);
  return result;
}

const authFrame = (address: string, token: string) => frame(address, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, token)));

describe.each(BACKENDS)('document names on the wire: %s', (kind) => {
  const h = harness(kind);

  it('a client naming documents by alias converges with one using full names, and downloads the short name', async () => {
    const name = await h.createBoard('Aliased');
    const aliased = h.open(name, h.owner.accessToken, { shortAddresses: true });
    const plain = h.open(name, h.owner.accessToken);
    const writer = h.open(name, h.owner.accessToken);
    await Promise.all([aliased.synced, plain.synced, writer.synced]);

    addCard(aliased.doc, { id: 'a', columnId: 'todo', title: 'From the aliased client' });
    await expect.poll(() => titleOf(plain, 'a'), POLL).toBe('From the aliased client');
    await aliased.saved.whenSaved();

    const aliasedFrames = updateFramesOf(aliased);
    const plainFrames = updateFramesOf(plain);
    updateCard(writer.doc, 'a', { title: 'Renamed' });
    await expect.poll(() => titleOf(aliased, 'a'), POLL).toBe('Renamed');
    await expect.poll(() => plainFrames.length, POLL).toBe(1);
    expect(aliasedFrames).toHaveLength(1);
    // The same update under `~1` instead of the 80-character name.
    expect(readAddress(aliasedFrames[0]!).address).toBe('~1');
    expect(readAddress(plainFrames[0]!).address).toBe(name);
    expect(plainFrames[0]!.byteLength - aliasedFrames[0]!.byteLength).toBe(name.length - 2);

    // Stored under the full name: a fresh client loads what both wrote.
    const later = h.open(name, h.owner.accessToken, { shortAddresses: true });
    await later.synced;
    expect(titleOf(later, 'a')).toBe('Renamed');
  });

  it('an alias is checked like the name it stands for: a stranger is refused, a viewer reads only', async () => {
    const name = await h.createBoard('Aliased access');
    const stranger = await h.api.signIn();
    const refused = h.open(name, stranger.accessToken, { shortAddresses: true });
    expect(await refused.denied).toMatch(/forbidden|not-found/);

    const viewer = await h.member('viewer');
    const reading = h.open(name, viewer.accessToken, { shortAddresses: true });
    expect(await reading.authenticated).toBe('readonly');
    await reading.synced;
  });

  it('closes a socket that uses an alias it never declared, rebinds one or declares one badly', async () => {
    const name = await h.createBoard('Hostile aliases');
    const other = await h.createBoard('Hostile aliases 2');
    const token = h.owner.accessToken;
    const malformed = { code: 4400, reason: 'malformed-message' };
    expect(await closeAfter(h.app.wsUrl, [authFrame('~5', token)])).toEqual(malformed);
    expect(await closeAfter(h.app.wsUrl, [authFrame(`~1=${name}`, token), authFrame(`~1=${other}`, token)])).toEqual(malformed);
    expect(await closeAfter(h.app.wsUrl, [authFrame(`~1=${name}`, token), authFrame(`~2=${name}`, token)])).toEqual(malformed);
    expect(await closeAfter(h.app.wsUrl, [authFrame(`~ABC=${name}`, token)])).toEqual(malformed);
    expect(await closeAfter(h.app.wsUrl, [authFrame(`~1=${name}`, token), authFrame('~2=~1', token)])).toEqual(malformed);
    expect(await closeAfter(h.app.wsUrl, [authFrame(`~1=`, token)])).toEqual(malformed);
    // A truncated address (its length says more than follows).
    expect(await closeAfter(h.app.wsUrl, [Uint8Array.of(40, 0x7e, 0x31)])).toEqual(malformed);

    // The board is untouched: an honest client still works.
    const honest = h.open(name, token, { shortAddresses: true });
    await honest.synced;
    addCard(honest.doc, { id: 'still', columnId: 'todo', title: 'Still works' });
    await honest.saved.whenSaved();
    expect(honest.socketCloses).toEqual([]);
  });
});
