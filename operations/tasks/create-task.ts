import { randomUUID } from 'node:crypto';
import { addCard } from '../../documents/kanban/board.js';
import { CARDS, type CardChanges } from '../../documents/kanban/schema.js';
import { readBoard } from '../../documents/kanban/board.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import { currentEntry, editOutcome } from '../entry-edit.js';
import { type Outcome, ok } from '../outcome.js';
import { type Task, boardName, toTask } from './task.js';

export interface NewTask extends CardChanges {
  projectId: string;
  boardId: string;
  /** The first open column when absent. */
  columnId?: string | undefined;
  title: string;
  /** Position in the column; the end when absent. */
  index?: number | undefined;
  /** Chosen by the caller to make a retry safe; a UUID when absent. */
  cardId?: string | undefined;
}

export async function createTask(deps: OperationDeps, caller: Caller, input: NewTask): Promise<Outcome<Task>> {
  const access = await documentFor(deps, caller, { projectId: input.projectId, documentId: input.boardId, kind: 'kanban' }, 'write');
  if (!access.ok) return access;
  const { projectId, boardId, cardId = randomUUID(), columnId, index, ...fields } = input;
  const result = await deps.live.edit(boardName(projectId, boardId), access.value.editor, (doc) => {
    const column = columnId ?? readBoard(doc).columns.find((candidate) => !candidate.archived)?.id ?? 'none';
    addCard(doc, { ...fields, id: cardId, columnId: column, ...(index === undefined ? {} : { index }) });
    return currentEntry(doc, CARDS, 'card', cardId);
  });
  const outcome = editOutcome(result);
  return outcome.ok ? ok(toTask({ projectId, boardId }, outcome.value)) : outcome;
}
