import { CARDS } from '../../documents/kanban/schema.js';
import { type EntryFilter, queryEntries } from '../../storage/entry-queries.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Page, type PageRequest, decodeCursor, encodeCursor } from '../pages.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type Task, toTask } from './task.js';
import { hiddenDocuments } from '../documents/document-access.js';

export interface TaskQuery extends PageRequest {
  projectId?: string | undefined;
  boardId?: string | undefined;
  columnId?: string | undefined;
  assignee?: string | undefined;
  label?: string | undefined;
  dueBefore?: string | undefined;
  dueAfter?: string | undefined;
  text?: string | undefined;
  archived?: boolean | undefined;
}

/**
 * Tasks across the caller's boards (or one project's, or one board's), from the per-entry
 * projection: no document is loaded, so the cost does not grow with how many are open. What the
 * server has received is committed first, so a card written a moment ago (over REST or a socket)
 * is listed.
 */
export async function listTasks(deps: OperationDeps, caller: Caller, query: TaskQuery): Promise<Outcome<Page<Task>>> {
  if (query.boardId && !query.projectId) return fail('VALIDATION_FAILED', 'boardId needs projectId.', [{ path: 'projectId', message: 'required with boardId' }]);
  let projectIds = await caller.projectIds();
  if (query.projectId) {
    if (!projectIds.includes(query.projectId)) return fail('NOT_FOUND', 'No such project.');
    projectIds = [query.projectId];
  }
  const filters: EntryFilter[] = [{ field: 'archived', equals: query.archived ?? false }];
  if (query.columnId) filters.push({ field: 'columnId', equals: query.columnId });
  if (query.assignee) filters.push({ field: 'assignees', includes: query.assignee });
  if (query.label) filters.push({ field: 'labels', includes: query.label });
  if (query.dueAfter || query.dueBefore) filters.push({ field: 'dueDate', ...(query.dueAfter ? { from: query.dueAfter } : {}), ...(query.dueBefore ? { before: query.dueBefore } : {}) });
  if (query.text) filters.push({ anyOf: ['title', 'description'], contains: query.text });
  const after = decodeCursor(query.cursor);
  if (after === 'invalid') return fail('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [{ path: 'cursor', message: 'invalid' }]);
  await deps.live.settle();
  const page = await queryEntries(deps.db, {
    projectIds,
    excludeDocuments: await hiddenDocuments(deps, caller, projectIds),
    kind: 'kanban',
    collection: CARDS.name,
    ...(query.boardId ? { documentIds: [query.boardId] } : {}),
    filters,
    ...(after ? { after } : {}),
    limit: query.limit,
  });
  return ok({
    items: page.rows.map((row) => toTask({ projectId: row.projectId, boardId: row.documentId }, row)),
    next: page.next ? encodeCursor(page.next) : null,
  });
}
