import { type EventStatus, toInstant } from '../../documents/calendar/schema.js';
import type { EntryFilter } from '../../storage/entry-queries.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type Page, type PageRequest, decodeCursor, encodeCursor } from '../pages.js';
import { type CalendarEvent, toEvent } from './event.js';
import { conflictsOfPage, eventsInRange } from './event-range.js';
import { hiddenDocuments } from '../documents/document-access.js';

export interface EventQuery extends PageRequest {
  /** Events overlapping [from, to): ending after `from`, starting before `to` (ISO instants with offsets); either may be open. */
  from?: string | undefined;
  to?: string | undefined;
  projectId?: string | undefined;
  calendarId?: string | undefined;
  channel?: string | undefined;
  assignee?: string | undefined;
  status?: EventStatus | undefined;
}

/**
 * Live (not archived) events across the caller's calendars (or one project's, or one
 * calendar's) overlapping a range, by start instant, each with its conflicts. Read from the
 * per-entry projection after committing what the server has received, so an event written a
 * moment ago over REST or a socket is listed, and no document is loaded.
 */
export async function listEvents(deps: OperationDeps, caller: Caller, query: EventQuery): Promise<Outcome<Page<CalendarEvent>>> {
  if (query.calendarId && !query.projectId) return fail('VALIDATION_FAILED', 'calendarId needs projectId.', [{ path: 'projectId', message: 'required with calendarId' }]);
  if (query.from !== undefined && query.to !== undefined && !(toInstant(query.to) > toInstant(query.from))) {
    return fail('VALIDATION_FAILED', 'The range must end after it starts.', [{ path: 'to', message: 'must be after from' }]);
  }
  const after = decodeCursor(query.cursor);
  if (after === 'invalid') return fail('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [{ path: 'cursor', message: 'invalid' }]);
  let projectIds = await caller.projectIds();
  if (query.projectId) {
    if (!projectIds.includes(query.projectId)) return fail('NOT_FOUND', 'No such project.');
    projectIds = [query.projectId];
    if (query.calendarId) {
      const access = await documentFor(deps, caller, { projectId: query.projectId, documentId: query.calendarId, kind: 'calendar' }, 'read');
      if (!access.ok) return access;
    }
  }
  const filters: EntryFilter[] = [{ field: 'archived', equals: false }];
  if (query.channel) filters.push({ field: 'channel', equals: query.channel });
  if (query.assignee) filters.push({ field: 'assigneeId', equals: query.assignee });
  if (query.status) filters.push({ field: 'status', equals: query.status });
  await deps.live.settle();
  const page = await eventsInRange(deps.db, { projectIds, excludeDocuments: await hiddenDocuments(deps, caller, projectIds), ...(query.calendarId ? { documentIds: [query.calendarId] } : {}), filters, from: query.from, to: query.to, after, limit: query.limit });
  const conflicts = await conflictsOfPage(deps.db, page.rows);
  return ok({
    items: page.rows.map((row) => toEvent({ projectId: row.projectId, calendarId: row.documentId }, row, conflicts.get(row.documentName)?.get(row.entryId) ?? [])),
    next: page.next ? encodeCursor(page.next) : null,
  });
}
