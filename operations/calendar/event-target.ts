import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import type { Editor } from '../live-documents.js';
import { parseItemId } from '../item-id.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type CalendarPlace, calendarName } from './event.js';

export interface EventTarget extends CalendarPlace {
  eventId: string;
  /** The calendar's document name. */
  name: string;
  editor: Editor;
}

/** The calendar and event an item id names, if the caller may `need` it; anything else (another project's, a board's card) is not found. */
export async function eventTarget(deps: OperationDeps, caller: Caller, itemId: string, need: 'read' | 'write'): Promise<Outcome<EventTarget>> {
  const address = parseItemId(itemId);
  if (!address) return fail('NOT_FOUND', 'No such event.');
  const access = await documentFor(deps, caller, { projectId: address.projectId, documentId: address.documentId, kind: 'calendar' }, need);
  if (!access.ok) return access;
  const where = { projectId: address.projectId, calendarId: address.documentId };
  return ok({ ...where, eventId: address.entryId, name: calendarName(where), editor: access.value.editor });
}
