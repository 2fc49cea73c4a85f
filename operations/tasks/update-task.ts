import { updateCard } from '../../documents/kanban/board.js';
import { CARDS, type CardChanges } from '../../documents/kanban/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { editEntry } from '../entry-edit.js';
import type { Outcome } from '../outcome.js';
import { type Task, toTask } from './task.js';
import { taskTarget } from './task-target.js';

/** Changes a task's fields; only those that differ are written (a re-sent form does not beat a concurrent edit). */
export async function updateTask(deps: OperationDeps, caller: Caller, taskId: string, changes: CardChanges, ifMatch?: string): Promise<Outcome<Task>> {
  const target = await taskTarget(deps, caller, taskId, 'write');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name, editor } = target.value;
  return editEntry(
    deps,
    editor,
    { name, collection: CARDS, entity: 'card', id: cardId, ifMatch },
    (doc, current) => {
      const changed = Object.fromEntries(Object.entries(changes).filter(([key, value]) => value !== undefined && JSON.stringify(current.data[key]) !== JSON.stringify(value)));
      if (Object.keys(changed).length > 0) updateCard(doc, cardId, changed);
    },
    (entry) => toTask({ projectId, boardId }, entry),
  );
}
