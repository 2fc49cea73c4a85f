import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addCard, readBoard, updateCard } from '../documents/kanban/board.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type ConnectedProvider, updateFramesOf } from './helpers/provider.js';

const POLL = { timeout: 10_000, interval: 20 };

const titleOf = (provider: ConnectedProvider, id: string) => readBoard(provider.doc).columns.flatMap((column) => column.cards).find((card) => card.id === id)?.title;

describe.each(BACKENDS)('a client’s own changes: %s', (kind) => {
  const h = harness(kind);

  it('are not sent back to it, while everyone else gets them, and a repair of them reaches it', async () => {
    const name = await h.createBoard('Echoes');
    const author = h.open(name, h.owner.accessToken);
    const peer = h.open(name, h.owner.accessToken);
    await Promise.all([author.synced, peer.synced]);
    const toAuthor = updateFramesOf(author);
    const toPeer = updateFramesOf(peer);

    addCard(author.doc, { id: 'a', columnId: 'todo', title: 'First' });
    for (let n = 1; n <= 5; n++) updateCard(author.doc, 'a', { title: `Title ${n}` });
    await expect.poll(() => titleOf(peer, 'a'), POLL).toBe('Title 5');
    await author.saved.whenSaved();
    expect(toPeer.length).toBeGreaterThan(0);

    // A later change of the peer's reaches the author after anything the server sent it before:
    // the one update frame it got is the peer's.
    updateCard(peer.doc, 'a', { title: 'From the peer' });
    await expect.poll(() => titleOf(author, 'a'), POLL).toBe('From the peer');
    expect(toAuthor).toHaveLength(1);

    // A change the server repairs goes back to its author with the repair: it ends up holding the repaired state.
    author.doc.transact(() => author.doc.getMap<Y.Map<unknown>>('cards').get('a')!.set('columnId', 'nowhere'));
    await expect.poll(() => author.messages.some((message) => message.type === 'repaired'), POLL).toBe(true);
    await expect.poll(() => readBoard(author.doc).columns.find((column) => column.id === 'todo')?.cards.map((card) => card.id), POLL).toEqual(['a']);
    expect(toAuthor.length).toBe(2);
    await expect.poll(() => readBoard(peer.doc).columns.find((column) => column.id === 'todo')?.cards.map((card) => card.id), POLL).toEqual(['a']);
  });
});
