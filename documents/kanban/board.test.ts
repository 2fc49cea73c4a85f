import { DocumentError } from '../document-error.js';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReplicaNetwork, seededRandom } from '../testing/replica-network.js';
import { addCard, addColumn, addComment, archiveCard, deleteComment, editComment, initBoard, moveCard, moveColumn, readBoard, renameColumn, updateCard } from './board.js';

function titles(doc: Y.Doc): Record<string, string[]> {
  return Object.fromEntries(readBoard(doc).columns.map((column) => [column.title, column.cards.map((card) => card.title)]));
}

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, [
    { id: 'todo', title: 'To do' },
    { id: 'doing', title: 'Doing' },
    { id: 'done', title: 'Done' },
  ]);
  return doc;
}

describe('kanban operations', () => {
  it('adds, orders, moves, renames and archives', () => {
    const doc = board();
    addCard(doc, { id: 'a', columnId: 'todo', title: 'A' });
    addCard(doc, { id: 'b', columnId: 'todo', title: 'B' });
    addCard(doc, { id: 'c', columnId: 'todo', title: 'C', index: 0 });
    expect(titles(doc)).toEqual({ 'To do': ['C', 'A', 'B'], Doing: [], Done: [] });
    moveCard(doc, 'b', 'doing');
    moveCard(doc, 'c', 'todo', 5);
    expect(titles(doc)).toEqual({ 'To do': ['A', 'C'], Doing: ['B'], Done: [] });
    renameColumn(doc, 'done', 'Shipped');
    moveColumn(doc, 'done', 0);
    addColumn(doc, { id: 'review', title: 'Review', index: 2 });
    expect(readBoard(doc).columns.map((c) => c.title)).toEqual(['Shipped', 'To do', 'Review', 'Doing']);
    updateCard(doc, 'a', { labels: ['urgent'], dueDate: '2026-12-01T10:00:00.000Z' });
    archiveCard(doc, 'a');
    expect(readBoard(doc).columns[1]!.cards[0]).toMatchObject({ id: 'a', labels: ['urgent'], archived: true });
  });

  it('refuses unknown ids and invalid values without changing the board', () => {
    const doc = board();
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => moveCard(doc, 'nope', 'todo')).toThrow(DocumentError);
    expect(() => addCard(doc, { id: 'x', columnId: 'nowhere', title: 'X' })).toThrow(DocumentError);
    expect(() => addCard(doc, { id: 'bad id!', columnId: 'todo', title: 'X' })).toThrow();
    expect(() => updateCard(doc, 'x', { title: 'y' })).toThrow(DocumentError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps comments from two offline people, in creation order; only authors edit or delete', () => {
    const a = board();
    addCard(a, { id: 'card', columnId: 'todo', title: 'C' });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addComment(a, { id: 'm2', cardId: 'card', authorId: 'ann', body: 'second', at: '2026-11-25T10:00:01Z' });
    addComment(b, { id: 'm1', cardId: 'card', authorId: 'bob', body: 'first', at: '2026-11-25T10:00:00Z' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const comments = () => readBoard(a).columns[0]!.cards[0]!.comments;
    expect(comments().map((c) => c.body)).toEqual(['first', 'second']);
    expect(() => editComment(a, 'm1', { authorId: 'ann', body: 'hijack', at: '2026-11-25T10:01:00Z' })).toThrow(DocumentError);
    editComment(a, 'm2', { authorId: 'ann', body: 'second!', at: '2026-11-25T10:01:00Z' });
    deleteComment(a, 'm1', 'bob');
    expect(comments()).toMatchObject([{ id: 'm1', body: '', deleted: true }, { id: 'm2', body: 'second!', editedAt: '2026-11-25T10:01:00Z' }]);
    expect(() => addComment(a, { id: 'm3', cardId: 'nope', authorId: 'ann', body: 'x', at: '2026-11-25T10:00:00Z' })).toThrow(DocumentError);
    expect(readBoard(b)).not.toEqual(readBoard(a));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readBoard(b)).toEqual(readBoard(a));
  });

  it('initialises a board once, even when two replicas initialise concurrently', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    initBoard(a, [{ id: 'todo', title: 'To do' }]);
    initBoard(b, [{ id: 'todo', title: 'To do' }]);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readBoard(a).columns).toHaveLength(1);
    expect(readBoard(a)).toEqual(readBoard(b));
  });
});

describe('kanban convergence under random concurrent edits', () => {
  it.each(Array.from({ length: 40 }, (_, i) => 1000 + i))('seed %i: replicas converge and each card is on the board exactly once', (seed) => {
    const rand = seededRandom(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(rand() * items.length)]!;
    const origin = board();
    for (let i = 0; i < 6; i++) addCard(origin, { id: `seed${i}`, columnId: pick(['todo', 'doing', 'done']), title: `S${i}` });
    const network = new ReplicaNetwork(origin, 4);
    const { replicas } = network;

    let cardCount = 6;
    for (let step = 0; step < 120; step++) {
      const index = Math.floor(rand() * replicas.length);
      const doc = replicas[index]!;
      const cards = readBoard(doc).columns.flatMap((c) => c.cards.map((card) => card.id));
      const columns = readBoard(doc).columns.map((c) => c.id);
      expect(columns.length).toBeGreaterThanOrEqual(3);
      const action = rand();
      if (action < 0.2) addCard(doc, { id: `c${seed}-${cardCount++}`, columnId: pick(columns), title: `N${cardCount}`, index: Math.floor(rand() * 4) });
      else if (action < 0.6 && cards.length) moveCard(doc, pick(cards), pick(columns), Math.floor(rand() * 5));
      else if (action < 0.75 && cards.length) updateCard(doc, pick(cards), { title: `t${step}` });
      else if (action < 0.8 && cards.length) archiveCard(doc, pick(cards), rand() < 0.5);
      else if (action < 0.85) moveColumn(doc, pick(columns), Math.floor(rand() * 4));
      else if (action < 0.88) addColumn(doc, { id: `col${seed}-${step}`, title: `Col ${step}` });
      else if (action < 0.92 && cards.length) addComment(doc, { id: `m${seed}-${step}`, cardId: pick(cards), authorId: `u${index}`, body: `b${step}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, step)).toISOString() });
      else network.deliverSome(rand);
    }
    network.exchangeAll();

    const views = replicas.map(readBoard);
    for (const view of views) expect(view).toEqual(views[0]);
    const placed = views[0]!.columns.flatMap((c) => c.cards.map((card) => card.id));
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.length).toBe(cardCount);
    const comments = views[0]!.columns.flatMap((c) => c.cards.flatMap((card) => card.comments.map((comment) => comment.id)));
    expect(new Set(comments).size).toBe(comments.length);
  });
});
