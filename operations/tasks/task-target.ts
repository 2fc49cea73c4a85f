import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import type { Editor } from '../live-documents.js';
import { parseItemId } from '../item-id.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { boardName } from './task.js';

export interface TaskTarget {
  projectId: string;
  boardId: string;
  cardId: string;
  name: string;
  editor: Editor;
}

/** The board and entry (a card, a column) an item id names, if the caller may `need` it; anything else is not found. */
export async function taskTarget(deps: OperationDeps, caller: Caller, itemId: string, need: 'read' | 'write', what: 'task' | 'column' = 'task'): Promise<Outcome<TaskTarget>> {
  const address = parseItemId(itemId);
  if (!address) return fail('NOT_FOUND', `No such ${what}.`);
  const access = await documentFor(deps, caller, { projectId: address.projectId, documentId: address.documentId, kind: 'kanban' }, need);
  if (!access.ok) return access;
  return ok({ projectId: address.projectId, boardId: address.documentId, cardId: address.entryId, name: boardName(address.projectId, address.documentId), editor: access.value.editor });
}
