import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDocument } from '../storage/document-log.js';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 20_000, interval: 50 };
const METRICS_TOKEN = 'metrics-token-for-collab-backpressure-0123';

describe.each(BACKENDS)('a socket sending faster than its updates are committed: %s', (kind) => {
  const h = harness(kind, { COLLAB_MAX_UNSAVED_PER_SOCKET: '4', METRICS_TOKEN });

  const pauses = async () => {
    const text = await (await fetch(`${h.app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return Number(/studio_collab_socket_pauses_total (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('stops being read until they are committed, and loses none of them', async () => {
    const name = await h.createBoard('Flood');
    const writer = h.open(name, h.owner.accessToken);
    const reader = h.open(name, h.owner.accessToken);
    await Promise.all([writer.synced, reader.synced]);
    const before = await pauses();

    addCard(writer.doc, { id: 'c', columnId: 'todo', title: '0' });
    // Each edit its own update and message: 300 at once, far past 4 unsaved per socket.
    for (let n = 1; n <= 300; n++) updateCard(writer.doc, 'c', { title: String(n) });

    await expect.poll(() => readBoard(reader.doc).columns[0]!.cards[0]?.title, POLL).toBe('300');
    await writer.saved.whenSaved();
    expect(await pauses()).toBeGreaterThan(before);
    // Everything reported saved is in the log.
    const stored = new Y.Doc();
    for (const update of (await loadDocument(h.app.db, name)).updates) Y.applyUpdate(stored, update);
    expect(readBoard(stored).columns[0]!.cards[0]?.title).toBe('300');
  });
});
