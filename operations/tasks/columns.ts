import { randomUUID } from 'node:crypto';
import { addColumn, archiveColumn, moveColumn, renameColumn } from '../../documents/kanban/board.js';
import { COLUMNS } from '../../documents/kanban/schema.js';
import { entryMaps, byOrderThenId } from '../../documents/entries.js';
import { entryEtag, projectEntry } from '../../documents/projection.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import { currentEntry, editEntry, editOutcome } from '../entry-edit.js';
import { type Outcome, ok } from '../outcome.js';
import { type Column, toColumn } from './column.js';
import { boardName } from './task.js';
import { taskTarget } from './task-target.js';

/** A board's columns in board order, archived ones last only when asked for. */
export async function listColumns(deps: OperationDeps, caller: Caller, where: { projectId: string; boardId: string; archived?: boolean }): Promise<Outcome<Column[]>> {
  const access = await documentFor(deps, caller, { projectId: where.projectId, documentId: where.boardId, kind: 'kanban' }, 'read');
  if (!access.ok) return access;
  return ok(
    await deps.live.read(boardName(where.projectId, where.boardId), (doc) => {
      const columns: Column[] = [];
      for (const value of entryMaps(doc, COLUMNS).values()) {
        const data = projectEntry(COLUMNS, value);
        if (data && (where.archived || data.archived !== true)) columns.push(toColumn(where, { data, etag: entryEtag(data) }));
      }
      return columns.sort((a, b) => byOrderThenId({ order: a.order, id: a.columnId }, { order: b.order, id: b.columnId }));
    }),
  );
}

export async function createColumn(deps: OperationDeps, caller: Caller, input: { projectId: string; boardId: string; title: string; index?: number | undefined; columnId?: string | undefined }): Promise<Outcome<Column>> {
  const access = await documentFor(deps, caller, { projectId: input.projectId, documentId: input.boardId, kind: 'kanban' }, 'write');
  if (!access.ok) return access;
  const columnId = input.columnId ?? randomUUID();
  const result = await deps.live.edit(boardName(input.projectId, input.boardId), access.value.editor, (doc) => {
    addColumn(doc, { id: columnId, title: input.title, ...(input.index === undefined ? {} : { index: input.index }) });
    return currentEntry(doc, COLUMNS, 'column', columnId);
  });
  const outcome = editOutcome(result);
  return outcome.ok ? ok(toColumn(input, outcome.value)) : outcome;
}

/** Renames and/or moves a column (its id is `<projectId>.<boardId>.<columnId>`, as listed). */
export async function updateColumn(deps: OperationDeps, caller: Caller, id: string, changes: { title?: string | undefined; index?: number | undefined; archived?: boolean | undefined }, ifMatch?: string): Promise<Outcome<Column>> {
  const target = await taskTarget(deps, caller, id, 'write', 'column');
  if (!target.ok) return target;
  const { projectId, boardId, cardId: columnId, name, editor } = target.value;
  return editEntry(
    deps,
    editor,
    { name, collection: COLUMNS, entity: 'column', id: columnId, ifMatch },
    (doc, current) => {
      if (changes.title !== undefined && changes.title !== current.data.title) renameColumn(doc, columnId, changes.title);
      if (changes.index !== undefined) moveColumn(doc, columnId, changes.index);
      if (changes.archived !== undefined && changes.archived !== current.data.archived) archiveColumn(doc, columnId, changes.archived);
    },
    (entry) => toColumn({ projectId, boardId }, entry),
  );
}
