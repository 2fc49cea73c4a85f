import { DocumentError, notFound } from '../../documents/document-error.js';
import { moveCard } from '../../documents/kanban/board.js';
import { CARDS } from '../../documents/kanban/schema.js';
import { siblingOrder } from '../../documents/entries.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { editEntry } from '../entry-edit.js';
import { parseItemId } from '../item-id.js';
import type { Outcome } from '../outcome.js';
import { type Task, toTask } from './task.js';
import { taskTarget } from './task-target.js';

export interface TaskMove {
  taskId: string;
  toColumnId: string;
  /** Where in the column: just before or after another task of it, or at an index; the end when none. */
  beforeId?: string | undefined;
  afterId?: string | undefined;
  index?: number | undefined;
}

/**
 * Moves a task within or between columns of its board. A neighbour named by `beforeId`/`afterId`
 * must be a card of the target column (a task id or a card id of the same board).
 */
export async function moveTask(deps: OperationDeps, caller: Caller, move: TaskMove, ifMatch?: string): Promise<Outcome<Task>> {
  const target = await taskTarget(deps, caller, move.taskId, 'write');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name, editor } = target.value;
  const neighbour = move.beforeId ?? move.afterId;
  const neighbourCard = neighbour === undefined ? undefined : (parseItemId(neighbour)?.entryId ?? neighbour);
  return editEntry(
    deps,
    editor,
    { name, collection: CARDS, entity: 'card', id: cardId, ifMatch },
    (doc) => {
      let index = move.index;
      if (neighbourCard !== undefined) {
        const siblings = siblingOrder(doc, CARDS, 'columnId', move.toColumnId, cardId);
        const at = siblings.findIndex((sibling) => sibling.id === neighbourCard);
        if (at < 0) {
          if (!doc.getMap('cards').has(neighbourCard)) throw notFound('card', neighbourCard);
          throw new DocumentError('INVALID_MOVE', `card ${neighbourCard} is not in column ${move.toColumnId}`, { issues: [{ path: move.beforeId ? 'beforeId' : 'afterId', message: 'is not in the target column' }] });
        }
        index = move.beforeId !== undefined ? at : at + 1;
      }
      moveCard(doc, cardId, move.toColumnId, index);
    },
    (entry) => toTask({ projectId, boardId }, entry),
  );
}
