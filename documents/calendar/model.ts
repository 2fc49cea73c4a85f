import * as Y from 'yjs';
import { entryMaps } from '../entries.js';
import type { DocumentModel, TouchedEntries } from '../model.js';
import { APPLY_REPAIRS, type RepairWrites } from '../repair-writes.js';
import { type CalendarView, initCalendar, readCalendar } from './calendar.js';
import { CALENDAR_SCHEMA_VERSION, EVENTS, eventEntry, isTimeZone, toInstant } from './schema.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The wall-clock reading of `instant` in the formatter's zone, expressed as if that reading were UTC. */
function wallClock(instant: number, format: Intl.DateTimeFormat): number {
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  wall.setUTCFullYear(part('year'), part('month') - 1, part('day'));
  wall.setUTCHours(part('hour') % 24, part('minute'), part('second'), ((instant % 1000) + 1000) % 1000);
  return wall.getTime();
}

/**
 * `instant` plus `days` calendar days in `timeZone`: the same wall-clock time on a later date,
 * so an all-day event on a daylight-saving day still ends at local midnight (23 or 25 hours
 * later), not an hour off. Falls back to whole 24-hour days where the zone data gives no sane answer.
 */
function addLocalDays(instant: number, days: number, timeZone: string): number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const offset = (at: number) => wallClock(at, format) - at;
  const target = wallClock(instant, format) + days * DAY;
  // First guess with today's offset, then settle on the offset in force at the target.
  const guess = target - offset(target - offset(instant));
  const sane = Number.isFinite(guess) && guess > instant + (days - 0.5) * DAY && guess < instant + (days + 0.5) * DAY;
  return sane ? guess : instant + days * DAY;
}

/**
 * An event must end after it starts. The operations refuse anything else, and concurrent
 * reschedules cannot mix, so a range that is not (a buggy or hostile client) gets an hour from
 * its start, or a day when all-day. Only touched events are checked: no others can have changed.
 */
function fixRanges(doc: Y.Doc, touched: TouchedEntries, writes: RepairWrites = APPLY_REPAIRS): string[] {
  const events = entryMaps(doc, EVENTS);
  const reasons: string[] = [];
  for (const id of [...(touched.get(EVENTS.name) ?? [])].sort()) {
    const event = events.get(id);
    if (!(event instanceof Y.Map)) continue;
    const start = event.get('start');
    const end = event.get('end');
    if (typeof start !== 'string' || typeof end !== 'string') continue;
    const from = toInstant(start);
    const to = toInstant(end);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to > from) continue;
    const allDay = event.get('allDay') === true;
    const zone = event.get('timeZone');
    const fixed = allDay ? addLocalDays(from, 1, typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC') : from + HOUR;
    const fixedEnd = new Date(fixed).toISOString();
    writes.aboutToChange();
    // Near the end of year 9999 there is no valid end to give: the event goes, as one with an invalid start would.
    if (!eventEntry.shape.end.safeParse(fixedEnd).success) {
      events.delete(id);
      reasons.push(`events/${id}: removed (end was not after start, and start + ${allDay ? '1 day' : '1 hour'} is not a valid time)`);
      continue;
    }
    event.set('end', fixedEnd);
    reasons.push(`events/${id}: end was not after start; set to start + ${allDay ? '1 day' : '1 hour'}`);
  }
  return reasons;
}

export const calendarModel: DocumentModel<CalendarView> = {
  kind: 'calendar',
  schemaVersion: CALENDAR_SCHEMA_VERSION,
  collections: [EVENTS],
  seed: initCalendar,
  // The whole document, archived events included (flagged), like the kanban board's read.
  read: (doc) => readCalendar(doc, { includeArchived: true }),
  repairInvariants: fixRanges,
};
