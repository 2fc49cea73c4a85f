import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { DocumentError, alreadyExists, notFound, valid } from '../document-error.js';
import { byOrderThenId, keyAfterSiblings, keyAt, markSchemaVersion, readCollection, siblingOrder, storedSchemaVersion, toYMap } from '../entries.js';
import { CARDS, COLUMNS, COMMENTS, type CardChanges, type CardEntry, type ColumnEntry, type CommentEntry, KANBAN_SCHEMA_VERSION, cardChanges, cardEntry, columnEntry, commentEntry } from './schema.js';

/**
 * A Kanban board in a Y.Doc. Cards live in one map keyed by id, each naming its column and an
 * order key, so a card is in exactly one place whatever moves race: concurrent moves of one
 * card resolve to one of them (last writer wins per field), never to a copy. Order is the
 * fractional key, ties broken by id, so every replica sorts the same way.
 */
export interface BoardMaps {
  meta: Y.Map<unknown>;
  columns: Y.Map<Y.Map<unknown>>;
  cards: Y.Map<Y.Map<unknown>>;
}

export function boardMaps(doc: Y.Doc): BoardMaps {
  return { meta: doc.getMap('meta'), columns: doc.getMap('columns'), cards: doc.getMap('cards') };
}

export type CardView = CardEntry & { comments: CommentEntry[] };

export interface BoardView {
  schemaVersion: number;
  columns: (ColumnEntry & { cards: CardView[] })[];
}

const readColumns = (doc: Y.Doc): ColumnEntry[] => readCollection(doc, COLUMNS).sort(byOrderThenId);
const readCards = (doc: Y.Doc): CardEntry[] => readCollection(doc, CARDS).sort(byOrderThenId);

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const byCreation = (a: CommentEntry, b: CommentEntry) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function readBoard(doc: Y.Doc): BoardView {
  const comments = groupBy(readCollection(doc, COMMENTS).sort(byCreation), (comment) => comment.cardId);
  const cards = groupBy(readCards(doc), (card) => card.columnId);
  return {
    schemaVersion: storedSchemaVersion(doc, KANBAN_SCHEMA_VERSION),
    columns: readColumns(doc).map((column) => ({
      ...column,
      cards: (cards.get(column.id) ?? []).map((card) => ({ ...card, comments: (comments.get(card.id) ?? []).map(shownComment) })),
    })),
  };
}

/** A deleted comment keeps its place in the conversation, without its text. */
function shownComment(comment: CommentEntry): CommentEntry {
  return comment.deleted ? { ...comment, body: '' } : comment;
}

function transact(doc: Y.Doc, fn: (maps: BoardMaps) => void): void {
  doc.transact(() => fn(boardMaps(doc)));
}

export function initBoard(doc: Y.Doc, columns: { id: string; title: string }[]): void {
  transact(doc, (maps) => {
    if (!markSchemaVersion(doc, KANBAN_SCHEMA_VERSION)) return;
    let previous: string | null = null;
    for (const column of columns) {
      previous = generateKeyBetween(previous, null);
      maps.columns.set(column.id, toYMap(valid(columnEntry, { ...column, order: previous, archived: false })));
    }
  });
}

export function addColumn(doc: Y.Doc, column: { id: string; title: string; index?: number }): void {
  transact(doc, (maps) => {
    if (maps.columns.has(column.id)) throw alreadyExists('column', column.id);
    const order = keyAt(siblingOrder(doc, COLUMNS, null, null), column.index ?? Number.MAX_SAFE_INTEGER);
    maps.columns.set(column.id, toYMap(valid(columnEntry, { id: column.id, title: column.title, order, archived: false })));
  });
}

function columnMap(maps: BoardMaps, id: string): Y.Map<unknown> {
  const map = maps.columns.get(id);
  if (!map) throw notFound('column', id);
  return map;
}

/** A column cards may go into: one that exists and is not archived. */
function openColumn(maps: BoardMaps, id: string): Y.Map<unknown> {
  const column = columnMap(maps, id);
  if (column.get('archived') === true) throw new DocumentError('INVALID_MOVE', `column ${id} is archived`, { entity: 'column', id, issues: [{ path: 'columnId', message: 'is archived' }] });
  return column;
}

function cardMap(maps: BoardMaps, id: string): Y.Map<unknown> {
  const map = maps.cards.get(id);
  if (!map) throw notFound('card', id);
  return map;
}

export function renameColumn(doc: Y.Doc, id: string, title: string): void {
  const value = valid(columnEntry.shape.title, title, 'title');
  transact(doc, (maps) => columnMap(maps, id).set('title', value));
}

export function moveColumn(doc: Y.Doc, id: string, index: number): void {
  transact(doc, (maps) => {
    const column = columnMap(maps, id);
    column.set('order', keyAt(siblingOrder(doc, COLUMNS, null, null, id), index));
  });
}

export function archiveColumn(doc: Y.Doc, id: string, archived = true): void {
  transact(doc, (maps) => columnMap(maps, id).set('archived', archived));
}

export function addCard(doc: Y.Doc, { index, ...card }: { id: string; columnId: string; title: string; index?: number } & CardChanges): void {
  transact(doc, (maps) => {
    if (maps.cards.has(card.id)) throw alreadyExists('card', card.id);
    openColumn(maps, card.columnId);
    const order = index === undefined ? keyAfterSiblings(doc, CARDS, 'columnId', card.columnId) : keyAt(siblingOrder(doc, CARDS, 'columnId', card.columnId), index);
    const entry = valid(cardEntry, {
      description: '',
      assignees: [],
      labels: [],
      dueDate: null,
      links: [],
      ...card,
      order,
      archived: false,
    } satisfies Record<string, unknown>);
    maps.cards.set(card.id, toYMap(entry));
  });
}

export function updateCard(doc: Y.Doc, id: string, changes: CardChanges): void {
  const checked = valid(cardChanges, changes);
  transact(doc, (maps) => {
    const card = cardMap(maps, id);
    for (const [key, value] of Object.entries(checked)) if (value !== undefined) card.set(key, value);
  });
}

/** Moves a card to `index` within `columnId` (the end when omitted). */
export function moveCard(doc: Y.Doc, id: string, columnId: string, index = Number.MAX_SAFE_INTEGER): void {
  transact(doc, (maps) => {
    const card = cardMap(maps, id);
    // Staying in an archived column is no move; going into one is refused.
    if (card.get('columnId') !== columnId) openColumn(maps, columnId);
    else columnMap(maps, columnId);
    // The key first: a neighbour's malformed key throws here, before anything is written (Yjs has no rollback).
    const order = keyAt(siblingOrder(doc, CARDS, 'columnId', columnId, id), index);
    card.set('columnId', columnId);
    card.set('order', order);
  });
}

export function archiveCard(doc: Y.Doc, id: string, archived = true): void {
  transact(doc, (maps) => cardMap(maps, id).set('archived', archived));
}

export function addComment(doc: Y.Doc, comment: { id: string; cardId: string; authorId: string; body: string; at: string }): void {
  transact(doc, (maps) => {
    const comments = doc.getMap<Y.Map<unknown>>(COMMENTS.name);
    if (comments.has(comment.id)) throw alreadyExists('comment', comment.id);
    cardMap(maps, comment.cardId);
    const entry = valid(commentEntry, { id: comment.id, cardId: comment.cardId, authorId: comment.authorId, body: comment.body, createdAt: comment.at, editedAt: null, deleted: false });
    comments.set(comment.id, toYMap(entry));
  });
}

function authoredComment(doc: Y.Doc, id: string, authorId: string): Y.Map<unknown> {
  const comment = doc.getMap<Y.Map<unknown>>(COMMENTS.name).get(id);
  if (!comment) throw notFound('comment', id);
  if (comment.get('authorId') !== authorId) throw new DocumentError('NOT_AUTHOR', 'only its author may change a comment', { entity: 'comment', id });
  return comment;
}

export function editComment(doc: Y.Doc, id: string, edit: { authorId: string; body: string; at: string }): void {
  const body = valid(commentEntry.shape.body, edit.body, 'body');
  const at = valid(commentEntry.shape.createdAt, edit.at, 'at');
  transact(doc, () => {
    const comment = authoredComment(doc, id, edit.authorId);
    comment.set('body', body);
    comment.set('editedAt', at);
  });
}

/** Soft delete: the thread keeps its shape and an offline reply to it still has a place. */
export function deleteComment(doc: Y.Doc, id: string, authorId: string): void {
  transact(doc, () => authoredComment(doc, id, authorId).set('deleted', true));
}
