import type * as Y from 'yjs';
import { entryMaps } from '../entries.js';
import type { DocumentModel, TouchedEntries } from '../model.js';
import { type CalendarView, initCalendar, readCalendar } from './calendar.js';
import { CALENDAR_SCHEMA_VERSION, EVENTS } from './schema.js';

const HOUR = 3_600_000;

/** An event must end after it starts; one that does not (a buggy or hostile client) gets an hour, or a day when all-day. */
function fixRanges(doc: Y.Doc, touched: TouchedEntries): string[] {
  const events = entryMaps(doc, EVENTS);
  const reasons: string[] = [];
  for (const id of [...(touched.get(EVENTS.name) ?? [])].sort()) {
    const event = events.get(id);
    const start = event?.get('start');
    const end = event?.get('end');
    if (typeof start !== 'string' || typeof end !== 'string' || Date.parse(end) > Date.parse(start)) continue;
    event!.set('end', new Date(Date.parse(start) + (event!.get('allDay') === true ? 24 * HOUR : HOUR)).toISOString());
    reasons.push(`events/${id}: end was not after start; set to start + ${event!.get('allDay') === true ? '1 day' : '1 hour'}`);
  }
  return reasons;
}

export const calendarModel: DocumentModel<CalendarView> = {
  kind: 'calendar',
  schemaVersion: CALENDAR_SCHEMA_VERSION,
  collections: [EVENTS],
  seed: initCalendar,
  read: (doc) => readCalendar(doc),
  repairInvariants: fixRanges,
};
