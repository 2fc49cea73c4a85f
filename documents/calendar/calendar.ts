import * as Y from 'yjs';
import { entryMaps, readCollection, toYMap } from '../entries.js';
import { CALENDAR_SCHEMA_VERSION, EVENTS, type EventChanges, type EventEntry, eventChanges, eventEntry } from './schema.js';

export class CalendarError extends Error {
  constructor(
    readonly code: 'EVENT_NOT_FOUND' | 'ALREADY_EXISTS' | 'INVALID_RANGE',
    message: string,
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

export interface CalendarView {
  schemaVersion: number;
  events: EventEntry[];
}

const byStart = (a: EventEntry, b: EventEntry) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Events sorted by start instant then id; `range` keeps those overlapping [from, to). */
export function readCalendar(doc: Y.Doc, options: { range?: { from: string; to: string }; includeArchived?: boolean } = {}): CalendarView {
  const from = options.range ? Date.parse(options.range.from) : -Infinity;
  const to = options.range ? Date.parse(options.range.to) : Infinity;
  const events = readCollection(doc, EVENTS)
    .filter((event) => options.includeArchived || !event.archived)
    .filter((event) => Date.parse(event.end) > from && Date.parse(event.start) < to)
    .sort(byStart);
  return { schemaVersion: Number(doc.getMap('meta').get('schemaVersion') ?? CALENDAR_SCHEMA_VERSION), events };
}

export function initCalendar(doc: Y.Doc): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    if (meta.get('schemaVersion') === undefined) meta.set('schemaVersion', CALENDAR_SCHEMA_VERSION);
  });
}

function checkRange(start: string, end: string): void {
  if (Date.parse(end) <= Date.parse(start)) throw new CalendarError('INVALID_RANGE', 'an event must end after it starts');
}

function eventMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const map = entryMaps(doc, EVENTS).get(id);
  if (!(map instanceof Y.Map)) throw new CalendarError('EVENT_NOT_FOUND', `no event ${id}`);
  return map;
}

export function addEvent(doc: Y.Doc, event: { id: string; title: string; start: string; end: string; timeZone?: string; allDay?: boolean; channel: string } & EventChanges): void {
  const entry = eventEntry.parse({ description: '', timeZone: 'UTC', allDay: false, status: 'idea', assigneeId: null, campaignIds: [], ...event, archived: false });
  checkRange(entry.start, entry.end);
  doc.transact(() => {
    const events = entryMaps(doc, EVENTS);
    if (events.has(entry.id)) throw new CalendarError('ALREADY_EXISTS', `event ${entry.id} exists`);
    events.set(entry.id, toYMap(entry));
  });
}

/** Writes only the fields given: a rename offline and a reschedule elsewhere both survive. */
export function updateEvent(doc: Y.Doc, id: string, changes: EventChanges): void {
  const valid = eventChanges.parse(changes);
  doc.transact(() => {
    const event = eventMap(doc, id);
    for (const [key, value] of Object.entries(valid)) if (value !== undefined) event.set(key, value);
  });
}

export function rescheduleEvent(doc: Y.Doc, id: string, timing: { start: string; end: string; timeZone?: string; allDay?: boolean }): void {
  const valid = eventEntry.pick({ start: true, end: true, timeZone: true, allDay: true }).partial({ timeZone: true, allDay: true }).strict().parse(timing);
  checkRange(valid.start, valid.end);
  doc.transact(() => {
    const event = eventMap(doc, id);
    for (const [key, value] of Object.entries(valid)) if (value !== undefined) event.set(key, value);
  });
}

export function archiveEvent(doc: Y.Doc, id: string, archived = true): void {
  doc.transact(() => eventMap(doc, id).set('archived', archived));
}
