import { CARDS } from '../../documents/kanban/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { currentEntry } from '../entry-edit.js';
import { type Outcome, attempt } from '../outcome.js';
import { type Task, toTask } from './task.js';
import { taskTarget } from './task-target.js';

/** One task, read from its board (the live one when it is open, so it is never behind). */
export async function getTask(deps: OperationDeps, caller: Caller, taskId: string): Promise<Outcome<Task>> {
  const target = await taskTarget(deps, caller, taskId, 'read');
  if (!target.ok) return target;
  const { projectId, boardId, cardId, name } = target.value;
  return deps.live.read(name, (doc) => attempt(() => toTask({ projectId, boardId }, currentEntry(doc, CARDS, 'card', cardId))));
}
