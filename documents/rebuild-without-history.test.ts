import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addComment, initBoard, readBoard, updateCard } from './kanban/board.js';
import { rootNames } from './model.js';
import { modelFor } from './models.js';
import { clientIdsOf, rebuildWithoutHistory } from './rebuild-without-history.js';

const ZELDA = '1b7e2c9a-0000-4000-8000-00000000beef';
const ERASED = '00000000-0000-4000-8000-0000000e7a5e';
const replacements = {
  whole: new Map([
    [`user:${ZELDA}`, `user:${ERASED}`],
    ['Zelda Q', 'Erased user'],
  ]),
  within: [
    [ZELDA, ERASED],
    ['zelda@example.com', 'erased-user@invalid'],
  ] as const,
};
const bytesOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc));

describe('rebuilding a document without its history', () => {
  it('keeps the current content, replaces what names the person, and keeps nothing overwritten or deleted', () => {
    const doc = new Y.Doc();
    initBoard(doc, [{ id: 'todo', title: 'To do' }]);
    addCard(doc, { id: 'a', columnId: 'todo', title: 'zelda@example.com' });
    updateCard(doc, 'a', { title: 'Card A', labels: ['Zelda Q', 'urgent'] });
    addCard(doc, { id: 'gone', columnId: 'todo', title: 'Secret Zelda plan' });
    doc.getMap('cards').delete('gone');
    addComment(doc, { id: 'c1', cardId: 'a', authorId: ZELDA, body: `ping zelda@example.com (${ZELDA})`, at: '2026-12-02T10:00:00Z' });
    // The search below finds what it looks for: the source holds her id and email.
    for (const there of [ZELDA, 'zelda@example.com']) expect(bytesOf(doc).includes(there)).toBe(true);

    const rebuilt = rebuildWithoutHistory(doc, rootNames(modelFor('kanban')), replacements);
    const view = readBoard(rebuilt);
    const card = view.columns[0]!.cards[0]!;
    expect(card).toMatchObject({ id: 'a', title: 'Card A', labels: ['Erased user', 'urgent'] });
    expect(view.columns[0]!.cards).toHaveLength(1);
    const comment = (rebuilt.getMap<Y.Map<unknown>>('comments').get('c1')!.toJSON()) as { authorId: string; body: string };
    expect(comment).toMatchObject({ authorId: ERASED, body: `ping erased-user@invalid (${ERASED})` });
    const bytes = bytesOf(rebuilt);
    for (const gone of [ZELDA, 'zelda@example.com', 'Zelda Q', 'Secret Zelda plan']) expect(bytes.includes(gone), gone).toBe(false);
    // New structure ids: no client id of the old document writes in the new one.
    const old = new Set(clientIdsOf(doc));
    expect(clientIdsOf(rebuilt).some((client) => old.has(client))).toBe(false);
    // What the old copy would send merges into nothing the server keeps (admission refuses it by its client ids).
    expect(clientIdsOf(rebuilt)).toHaveLength(1);
  });
});
