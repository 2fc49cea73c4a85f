import * as Y from 'yjs';
import { z } from 'zod';
import { DocumentError, alreadyExists, notFound, valid } from '../document-error.js';
import { entryMaps, markSchemaVersion, readCollection, storedSchemaVersion, toYMap } from '../entries.js';
import { CALENDAR_SCHEMA_VERSION, EVENTS, type EventChanges, type EventEntry, type EventTiming, type NewEvent, eventChanges, eventEntry, eventTiming, newEvent, toInstant } from './schema.js';

/**
 * A content calendar in a Y.Doc: one map of events keyed by id, one Yjs key per field, so a
 * rename made offline and a reschedule made elsewhere both survive (last writer wins per field).
 */

export interface CalendarView {
  schemaVersion: number;
  events: EventEntry[];
}

/** Events overlapping [from, to) (either bound may be left open); archived ones only when asked. */
export interface CalendarQuery {
  from?: string;
  to?: string;
  includeArchived?: boolean;
}

const calendarQuery = z.object({ from: eventEntry.shape.start.optional(), to: eventEntry.shape.start.optional(), includeArchived: z.boolean().optional() }).strict();

/** Start instant then id, so every replica lists events in the same order whatever their zones. */
export function readCalendar(doc: Y.Doc, query: CalendarQuery = {}): CalendarView {
  const { from, to, includeArchived = false } = valid(calendarQuery, query);
  const lower = from === undefined ? -Infinity : toInstant(from);
  const upper = to === undefined ? Infinity : toInstant(to);
  if (upper < lower) throw new DocumentError('INVALID_RANGE', 'the range must not end before it starts');
  const events = readCollection(doc, EVENTS)
    .filter((event) => includeArchived || !event.archived)
    .map((event) => ({ event, start: toInstant(event.start), end: toInstant(event.end) }))
    // [from, from) is empty: nothing overlaps it, not even an event running through that instant.
    .filter(({ start, end }) => lower < upper && end > lower && start < upper)
    .sort((a, b) => a.start - b.start || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0))
    .map(({ event }) => event);
  return { schemaVersion: storedSchemaVersion(doc, CALENDAR_SCHEMA_VERSION), events };
}

export function initCalendar(doc: Y.Doc): void {
  doc.transact(() => markSchemaVersion(doc, CALENDAR_SCHEMA_VERSION));
}

/** An end equal to the start is refused too: even an all-day event ends (exclusively) a whole day later. */
function checkRange(start: string, end: string): void {
  if (!(toInstant(end) > toInstant(start))) throw new DocumentError('INVALID_RANGE', `an event must end after it starts (${start} – ${end})`, { issues: [{ path: 'end', message: 'must be after start' }] });
}

function eventMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const map = entryMaps(doc, EVENTS).get(id);
  if (!(map instanceof Y.Map)) throw notFound('event', id);
  return map;
}

/** Field values are strings, booleans, null or arrays of ids; a shared type a bad client left there is never the same. */
const same = (a: unknown, b: unknown): boolean => a === b || (Array.isArray(a) && Array.isArray(b) && JSON.stringify(a) === JSON.stringify(b));

/**
 * Rewriting a field with its current value is not harmless: it is a newer write that would beat a
 * concurrent change made elsewhere. So only fields whose value differs are written.
 */
function writeChanged(event: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && !same(event.get(key), value)) event.set(key, value);
}

export function addEvent(doc: Y.Doc, event: NewEvent): void {
  const entry = valid(eventEntry, { ...EVENTS.defaults, ...valid(newEvent, event), archived: false });
  checkRange(entry.start, entry.end);
  doc.transact(() => {
    const events = entryMaps(doc, EVENTS);
    if (events.has(entry.id)) throw alreadyExists('event', entry.id);
    events.set(entry.id, toYMap(entry));
  });
}

/** Changes any of title, description, channel, status, assignee and campaigns; timing and archival have their own operations. */
export function updateEvent(doc: Y.Doc, id: string, changes: EventChanges): void {
  const checked = valid(eventChanges, changes);
  doc.transact(() => writeChanged(eventMap(doc, id), checked));
}

/**
 * Start and end are written together whenever either changes. Two people rescheduling one event
 * offline then make competing writes with the same shape on both keys, so the same one wins both
 * and the merged range is one of theirs, never one's start with the other's end (which could end
 * before it starts). The server's repair is the backstop for clients that do otherwise.
 */
export function rescheduleEvent(doc: Y.Doc, id: string, timing: EventTiming): void {
  const { start, end, ...rest } = valid(eventTiming, timing);
  checkRange(start, end);
  doc.transact(() => {
    const event = eventMap(doc, id);
    if (event.get('start') !== start || event.get('end') !== end) {
      event.set('start', start);
      event.set('end', end);
    }
    writeChanged(event, rest);
  });
}

export function archiveEvent(doc: Y.Doc, id: string, archived = true): void {
  const value = valid(z.boolean(), archived, 'archived');
  doc.transact(() => writeChanged(eventMap(doc, id), { archived: value }));
}
