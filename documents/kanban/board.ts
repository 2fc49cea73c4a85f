import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { byOrderThenId, readCollection, toYMap } from '../entries.js';
import { CARDS, COLUMNS, type CardChanges, type CardEntry, type ColumnEntry, KANBAN_SCHEMA_VERSION, cardChanges, cardEntry, columnEntry } from './schema.js';

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

export interface BoardView {
  schemaVersion: number;
  columns: (ColumnEntry & { cards: CardEntry[] })[];
}

export class BoardError extends Error {
  constructor(
    readonly code: 'COLUMN_NOT_FOUND' | 'CARD_NOT_FOUND' | 'ALREADY_EXISTS' | 'INVALID_ENTRY',
    message: string,
  ) {
    super(message);
    this.name = 'BoardError';
  }
}

const readColumns = (doc: Y.Doc): ColumnEntry[] => readCollection(doc, COLUMNS).sort(byOrderThenId);
const readCards = (doc: Y.Doc): CardEntry[] => readCollection(doc, CARDS).sort(byOrderThenId);

export function readBoard(doc: Y.Doc): BoardView {
  const maps = boardMaps(doc);
  const cards = readCards(doc);
  return {
    schemaVersion: Number(maps.meta.get('schemaVersion') ?? KANBAN_SCHEMA_VERSION),
    columns: readColumns(doc).map((column) => ({ ...column, cards: cards.filter((card) => card.columnId === column.id) })),
  };
}

/**
 * The order key that puts an item at `index` among `siblings` (sorted, without the item itself).
 * Replicas inserting at one spot concurrently make equal keys (sorted by id); between equal
 * neighbours there is no key, so the item goes after the whole run of ties instead.
 */
function keyAt(siblings: { order: string }[], index: number): string {
  // A sibling whose key is still in flight (read as '') has no place to be put beside.
  const placed = siblings.filter((sibling) => sibling.order !== '');
  const at = Math.max(0, Math.min(index, placed.length));
  const lower = placed[at - 1]?.order ?? null;
  const upper = placed.slice(at).find((sibling) => lower === null || sibling.order > lower)?.order ?? null;
  return generateKeyBetween(lower, upper);
}

function transact(doc: Y.Doc, fn: (maps: BoardMaps) => void): void {
  doc.transact(() => fn(boardMaps(doc)));
}

export function initBoard(doc: Y.Doc, columns: { id: string; title: string }[]): void {
  transact(doc, (maps) => {
    if (maps.meta.get('schemaVersion') !== undefined) return;
    maps.meta.set('schemaVersion', KANBAN_SCHEMA_VERSION);
    let previous: string | null = null;
    for (const column of columns) {
      previous = generateKeyBetween(previous, null);
      maps.columns.set(column.id, toYMap(columnEntry.parse({ ...column, order: previous, archived: false })));
    }
  });
}

export function addColumn(doc: Y.Doc, column: { id: string; title: string; index?: number }): void {
  transact(doc, (maps) => {
    if (maps.columns.has(column.id)) throw new BoardError('ALREADY_EXISTS', `column ${column.id} exists`);
    const order = keyAt(readColumns(doc), column.index ?? Number.MAX_SAFE_INTEGER);
    maps.columns.set(column.id, toYMap(columnEntry.parse({ id: column.id, title: column.title, order, archived: false })));
  });
}

function columnMap(maps: BoardMaps, id: string): Y.Map<unknown> {
  const map = maps.columns.get(id);
  if (!map) throw new BoardError('COLUMN_NOT_FOUND', `no column ${id}`);
  return map;
}

function cardMap(maps: BoardMaps, id: string): Y.Map<unknown> {
  const map = maps.cards.get(id);
  if (!map) throw new BoardError('CARD_NOT_FOUND', `no card ${id}`);
  return map;
}

export function renameColumn(doc: Y.Doc, id: string, title: string): void {
  transact(doc, (maps) => columnMap(maps, id).set('title', columnEntry.shape.title.parse(title)));
}

export function moveColumn(doc: Y.Doc, id: string, index: number): void {
  transact(doc, (maps) => {
    const column = columnMap(maps, id);
    column.set('order', keyAt(readColumns(doc).filter((c) => c.id !== id), index));
  });
}

export function archiveColumn(doc: Y.Doc, id: string, archived = true): void {
  transact(doc, (maps) => columnMap(maps, id).set('archived', archived));
}

export function addCard(doc: Y.Doc, { index, ...card }: { id: string; columnId: string; title: string; index?: number } & CardChanges): void {
  transact(doc, (maps) => {
    if (maps.cards.has(card.id)) throw new BoardError('ALREADY_EXISTS', `card ${card.id} exists`);
    columnMap(maps, card.columnId);
    const siblings = readCards(doc).filter((c) => c.columnId === card.columnId);
    const entry = cardEntry.parse({
      description: '',
      assignees: [],
      labels: [],
      dueDate: null,
      links: [],
      ...card,
      order: keyAt(siblings, index ?? Number.MAX_SAFE_INTEGER),
      archived: false,
    } satisfies Record<string, unknown>);
    maps.cards.set(card.id, toYMap(entry));
  });
}

export function updateCard(doc: Y.Doc, id: string, changes: CardChanges): void {
  const valid = cardChanges.parse(changes);
  transact(doc, (maps) => {
    const card = cardMap(maps, id);
    for (const [key, value] of Object.entries(valid)) if (value !== undefined) card.set(key, value);
  });
}

/** Moves a card to `index` within `columnId` (the end when omitted). */
export function moveCard(doc: Y.Doc, id: string, columnId: string, index = Number.MAX_SAFE_INTEGER): void {
  transact(doc, (maps) => {
    const card = cardMap(maps, id);
    columnMap(maps, columnId);
    const siblings = readCards(doc).filter((c) => c.columnId === columnId && c.id !== id);
    card.set('columnId', columnId);
    card.set('order', keyAt(siblings, index));
  });
}

export function archiveCard(doc: Y.Doc, id: string, archived = true): void {
  transact(doc, (maps) => cardMap(maps, id).set('archived', archived));
}
