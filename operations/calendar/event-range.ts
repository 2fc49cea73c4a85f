import { EVENTS, type EventEntry, toInstant } from '../../documents/calendar/schema.js';
import type { Queryable } from '../../platform/db/database.js';
import { type Cursor, type EntryFilter, type EntryRow, queryEntries } from '../../storage/entry-queries.js';
import type { EventConflict } from './event.js';
import { conflictIndex } from './event-conflicts.js';

export interface RangeQuery {
  projectIds: readonly string[];
  documentIds?: readonly string[];
  /** Calendars left out (those hidden from the caller). */
  excludeDocuments?: readonly string[];
  filters: readonly EntryFilter[];
  /** Events ending after `from` and starting before `to` (ISO instants with offsets); either may be open. */
  from?: string | undefined;
  to?: string | undefined;
  after?: Cursor | undefined;
  limit: number;
}

/**
 * A page of projected events overlapping [from, to), by start instant. The projection's range
 * filter has an inclusive lower bound, so events that end exactly at `from` (which only touch
 * the range) are dropped here and the page is topped up from where it stopped: every page is
 * full unless it is the last, and the cursor stays the projection's own.
 */
export async function eventsInRange(db: Queryable, query: RangeQuery): Promise<{ rows: EntryRow[]; next: Cursor | null }> {
  const lower = query.from === undefined ? undefined : toInstant(query.from);
  const filters: EntryFilter[] = [...query.filters];
  if (query.from !== undefined) filters.push({ field: 'end', from: query.from });
  if (query.to !== undefined) filters.push({ field: 'start', before: query.to });
  const rows: EntryRow[] = [];
  let after = query.after;
  for (;;) {
    const page = await queryEntries(db, {
      projectIds: query.projectIds,
      kind: 'calendar',
      collection: EVENTS.name,
      ...(query.documentIds ? { documentIds: query.documentIds } : {}),
      ...(query.excludeDocuments ? { excludeDocuments: query.excludeDocuments } : {}),
      filters,
      orderBy: 'start',
      ...(after ? { after } : {}),
      limit: query.limit - rows.length,
    });
    rows.push(...page.rows.filter((row) => lower === undefined || toInstant(String(row.data.end)) > lower));
    if (!page.next) return { rows, next: null };
    // Only a full fetch has a next page, and one that filled the page kept its last row: the cursor is right after it.
    if (rows.length >= query.limit) return { rows, next: page.next };
    after = page.next;
  }
}

/** Every live event of one calendar overlapping [from, to), all pages. */
async function calendarEvents(db: Queryable, place: { projectId: string; calendarId: string }, from: string, to: string): Promise<EventEntry[]> {
  const events: EventEntry[] = [];
  let after: Cursor | undefined;
  do {
    const page = await eventsInRange(db, { projectIds: [place.projectId], documentIds: [place.calendarId], filters: [{ field: 'archived', equals: false }], from, to, after, limit: 500 });
    events.push(...page.rows.map((row) => row.data as EventEntry));
    after = page.next ?? undefined;
  } while (after);
  return events;
}

/**
 * The conflicts of a page's events, by document name then event id: per calendar on the page,
 * one read of its events overlapping the span of the page's events there, and one sweep. A
 * conflict needs an overlap, so no partner lies outside that span.
 */
export async function conflictsOfPage(db: Queryable, rows: readonly EntryRow[]): Promise<Map<string, Map<string, EventConflict[]>>> {
  const spans = new Map<string, { projectId: string; calendarId: string; from: string; to: string }>();
  for (const row of rows) {
    const { start, end } = row.data as EventEntry;
    const span = spans.get(row.documentName);
    if (!span) spans.set(row.documentName, { projectId: row.projectId, calendarId: row.documentId, from: start, to: end });
    else {
      if (toInstant(start) < toInstant(span.from)) span.from = start;
      if (toInstant(end) > toInstant(span.to)) span.to = end;
    }
  }
  const byCalendar = new Map<string, Map<string, EventConflict[]>>();
  for (const [documentName, span] of spans) {
    byCalendar.set(documentName, conflictIndex(span, await calendarEvents(db, span, span.from, span.to)));
  }
  return byCalendar;
}
