import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { addCard, readBoard } from '../documents/kanban/board.js';
import { isSyncUpdate } from '../documents/wire/offline-queue.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import type { ConnectedProvider } from './helpers/provider.js';

const POLL = { timeout: 15_000, interval: 20 };
const EDITS = 50;

const cardCount = (provider: ConnectedProvider) => readBoard(provider.doc).columns.reduce((sum, column) => sum + column.cards.length, 0);

/** Counts the single sync updates a provider sends over each socket it opens from now on. */
function countUpdatesSent(provider: ConnectedProvider): { sent: () => number } {
  let sent = 0;
  provider.websocketProvider.on('open', () => {
    const socket = provider.websocketProvider.webSocket as unknown as WebSocket;
    const send = socket.send.bind(socket) as (data: unknown) => void;
    (socket as unknown as { send(data: unknown): void }).send = (data) => {
      if (data instanceof Uint8Array && isSyncUpdate(data)) sent++;
      send(data);
    };
  });
  return { sent: () => sent };
}

describe.each(BACKENDS)('edits made offline: %s', (kind) => {
  const h = harness(kind);

  /** Offline, makes `EDITS` cards; back online, waits until another client and the store have them all. */
  async function offlineAndBack(options: { offlineEditsByHandshake: boolean }) {
    const name = await h.createBoard('Offline');
    const writer = h.open(name, h.owner.accessToken, options);
    const reader = h.open(name, h.owner.accessToken);
    await Promise.all([writer.synced, reader.synced]);
    writer.websocketProvider.disconnect();
    await expect.poll(() => writer.websocketProvider.status, POLL).toBe('disconnected');
    for (let i = 0; i < EDITS; i++) addCard(writer.doc, { id: `offline-${i}`, columnId: 'todo', title: `Offline ${i}` });
    const counter = countUpdatesSent(writer);
    void writer.websocketProvider.connect();
    await expect.poll(() => cardCount(reader), POLL).toBe(EDITS);
    await writer.saved.whenSaved();
    const later = h.open(name, h.owner.accessToken);
    await later.synced;
    expect(cardCount(later)).toBe(EDITS);
    return counter.sent();
  }

  it('reach the others and the store in the reconnect’s handshake, not as one message per edit', async () => {
    expect(await offlineAndBack({ offlineEditsByHandshake: true })).toBe(0);
    // A stock provider sends each queued edit again after the handshake.
    expect(await offlineAndBack({ offlineEditsByHandshake: false })).toBeGreaterThanOrEqual(EDITS);
  });
});
