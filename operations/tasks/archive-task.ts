import { archiveCard } from '../../documents/kanban/board.js';
import { CARDS } from '../../documents/kanban/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { editEntry } from '../entry-edit.js';
import type { Outcome } from '../outcome.js';
import { type Task, toTask } from './task.js';
import { taskTarget } from './task-target.js';

/** Archives (or restores) a task: it leaves the board's view and listings, its content is kept. Again is a no-op. */
export async function archiveTask(deps: OperationDeps, caller: Caller, taskId: string, options: { archived?: boolean; ifMatch?: string | undefined } = {}): Promise<Outcome<Task>> {
  const target = await taskTarget(deps, caller, taskId, 'write');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name, editor } = target.value;
  const archived = options.archived ?? true;
  return editEntry(
    deps,
    editor,
    { name, collection: CARDS, entity: 'card', id: cardId, ifMatch: options.ifMatch },
    (doc, current) => {
      if (current.data.archived !== archived) archiveCard(doc, cardId, archived);
    },
    (entry) => toTask({ projectId, boardId }, entry),
  );
}
