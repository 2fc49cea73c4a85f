import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { kanbanModel } from '../documents/kanban/model.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import type { ConnectedProvider } from './helpers/provider.js';

const POLL = { timeout: 10_000, interval: 20 };

const cardsIn = (provider: ConnectedProvider, column: string) => readBoard(provider.doc).columns.find((c) => c.id === column)?.cards.map((card) => `${card.id}:${card.title}`);

describe.each(BACKENDS)('a repair that throws: %s', (kind) => {
  const h = harness(kind);
  afterEach(() => vi.restoreAllMocks());

  it('closes the sender’s connection with repair-failed; the server, the document and everyone else go on', async () => {
    const name = await h.createBoard('Faulty repair');
    const author = h.open(name, h.owner.accessToken);
    const peer = h.open(name, h.owner.accessToken);
    await Promise.all([author.synced, peer.synced]);

    vi.spyOn(kanbanModel, 'repairInvariants').mockImplementationOnce(() => {
      throw new Error('a bug in a repair');
    });
    addCard(author.doc, { id: 'a', columnId: 'todo', title: 'First' });
    await expect(author.closed).resolves.toBe('repair-failed');
    // The update was applied as it came, and relayed.
    await expect.poll(() => cardsIn(peer, 'todo'), POLL).toEqual(['a:First']);

    // Later updates are checked and repaired as ever.
    updateCard(peer.doc, 'a', { title: 'Second' });
    peer.doc.transact(() => peer.doc.getMap<Y.Map<unknown>>('cards').get('a')!.set('columnId', 'nowhere'));
    await expect.poll(() => peer.messages.some((message) => message.type === 'repaired'), POLL).toBe(true);
    await expect.poll(() => cardsIn(peer, 'todo'), POLL).toEqual(['a:Second']);
    await peer.saved.whenSaved();

    // And what was saved is what a newcomer loads.
    const newcomer = h.open(name, h.owner.accessToken);
    await newcomer.synced;
    await expect.poll(() => cardsIn(newcomer, 'todo'), POLL).toEqual(['a:Second']);
  });
});
