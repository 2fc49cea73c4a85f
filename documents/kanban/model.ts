import { generateKeyBetween } from 'fractional-indexing';
import type * as Y from 'yjs';
import { byOrderThenId, entryMaps, keyAfterSiblings, readCollection } from '../entries.js';
import { removeOrphans } from '../invariants.js';
import type { DocumentModel, TouchedEntries } from '../model.js';
import { APPLY_REPAIRS, type RepairWrites } from '../repair-writes.js';
import { type BoardView, initBoard, readBoard } from './board.js';
import { CARDS, COLUMNS, COMMENTS, KANBAN_SCHEMA_VERSION } from './schema.js';

export const DEFAULT_COLUMNS = [
  { id: 'todo', title: 'To do' },
  { id: 'in-progress', title: 'In progress' },
  { id: 'review', title: 'Review' },
  { id: 'done', title: 'Done' },
];

/**
 * A card must name a column that exists. A column removed outright (the operations only
 * archive) would hide its cards, so they go to the end of the first column instead.
 */
function rehomeOrphanCards(doc: Y.Doc, touched: TouchedEntries, writes: RepairWrites): string[] {
  const columns = entryMaps(doc, COLUMNS);
  const cards = entryMaps(doc, CARDS);
  const columnRemoved = [...(touched.get(COLUMNS.name) ?? [])].some((id) => !columns.has(id));
  const suspects = columnRemoved ? [...cards.keys()] : [...(touched.get(CARDS.name) ?? [])];
  const orphans = suspects.filter((id) => {
    const columnId = cards.get(id)?.get('columnId');
    return cards.has(id) && (typeof columnId !== 'string' || !columns.has(columnId));
  });
  if (orphans.length === 0) return [];
  writes.aboutToChange();
  const home = readCollection(doc, COLUMNS).sort(byOrderThenId)[0];
  if (!home) {
    for (const id of orphans) cards.delete(id);
    return [`removed ${orphans.length} card(s): the board has no column to hold them`];
  }
  // After the last card with a valid key: one reset by repair ('') has no place to go after.
  let last: string | null = null;
  for (const id of orphans.sort()) {
    last = last === null ? keyAfterSiblings(doc, CARDS, 'columnId', home.id) : generateKeyBetween(last, null);
    cards.get(id)!.set('columnId', home.id);
    cards.get(id)!.set('order', last);
  }
  return [`moved ${orphans.length} card(s) whose column does not exist to "${home.title}"`];
}

/** A comment belongs to a card; one whose card was removed outright goes with it. */
function dropOrphanComments(doc: Y.Doc, touched: TouchedEntries, writes: RepairWrites): string[] {
  const orphans = removeOrphans(doc, touched, { children: COMMENTS, parents: CARDS, key: 'cardId' }, writes);
  return orphans.length > 0 ? [`removed ${orphans.length} comment(s) whose card does not exist`] : [];
}

export const kanbanModel: DocumentModel<BoardView> = {
  kind: 'kanban',
  schemaVersion: KANBAN_SCHEMA_VERSION,
  collections: [COLUMNS, CARDS, COMMENTS],
  seed: (doc) => initBoard(doc, DEFAULT_COLUMNS),
  read: readBoard,
  repairInvariants: (doc, touched, writes = APPLY_REPAIRS) => [...rehomeOrphanCards(doc, touched, writes), ...dropOrphanComments(doc, touched, writes)],
};
