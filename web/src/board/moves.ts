import type { BoardView } from '../../../documents/kanban/board.js';
import { indexAfter, indexBefore } from './order.js';

export type Direction = 'left' | 'right' | 'up' | 'down';

export const DIRECTION_KEYS: Readonly<Record<string, Direction>> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

export interface KeyboardMove {
  columnId: string;
  /** The model's index (among every sibling but the card). */
  index: number;
  columnTitle: string;
  /** Where the card ends up among the cards people see, from 1, and how many there are then. */
  position: number;
  of: number;
}

/**
 * Where a keyboard move takes a card: up and down within its column, left and right to the
 * neighbouring open column at the same height (or its end). Null when there is nowhere to go.
 */
export function keyboardMove(board: BoardView, cardId: string, direction: Direction): KeyboardMove | null {
  const columns = board.columns.filter((column) => !column.archived);
  const at = columns.findIndex((column) => column.cards.some((card) => card.id === cardId));
  const column = columns[at];
  if (!column) return null;
  const shown = column.cards.filter((card) => !card.archived);
  const position = shown.findIndex((card) => card.id === cardId);
  if (position < 0) return null;
  if (direction === 'up' || direction === 'down') {
    const neighbour = shown[direction === 'up' ? position - 1 : position + 1];
    if (!neighbour) return null;
    const index = direction === 'up' ? indexBefore(column.cards, cardId, neighbour.id) : indexAfter(column.cards, cardId, neighbour.id);
    return { columnId: column.id, index, columnTitle: column.title, position: direction === 'up' ? position : position + 2, of: shown.length };
  }
  const target = columns[direction === 'left' ? at - 1 : at + 1];
  if (!target) return null;
  const targetShown = target.cards.filter((card) => !card.archived);
  const before = targetShown[position]?.id ?? null;
  return { columnId: target.id, index: indexBefore(target.cards, cardId, before), columnTitle: target.title, position: Math.min(position, targetShown.length) + 1, of: targetShown.length + 1 };
}
