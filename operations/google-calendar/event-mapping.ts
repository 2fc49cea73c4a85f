import { createHash } from 'node:crypto';
import { type EventEntry, isTimeZone } from '../../documents/calendar/schema.js';
import { dateInZone, formatInZone, startOfDate } from '../../documents/calendar/zoned-time.js';

/** What of a Google event we read and write (the Calendar API's names). */
export interface GoogleEvent {
  id?: string | null;
  status?: string | null;
  summary?: string | null;
  description?: string | null;
  start?: GoogleTime | null;
  end?: GoogleTime | null;
  recurrence?: string[] | null;
  recurringEventId?: string | null;
  etag?: string | null;
  updated?: string | null;
}

export interface GoogleTime {
  date?: string | null;
  dateTime?: string | null;
  timeZone?: string | null;
}

/**
 * The fields both sides share, as they stood after the last sync: the merge base. Everything
 * else of our events (channel, status, assignee, campaigns) has no place in Google and stays ours.
 */
export interface SyncedEvent {
  title: string;
  description: string;
  start: string;
  end: string;
  timeZone: string;
  allDay: boolean;
  deleted: boolean;
}

/** The groups the merge decides one at a time; the time range is one (start, end, zone and all-day move together). */
export const FIELD_GROUPS = ['title', 'description', 'time', 'deleted'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 20_000;

export function isRecurring(event: GoogleEvent): boolean {
  return (event.recurrence?.length ?? 0) > 0 || Boolean(event.recurringEventId);
}

export function fromEntry(entry: EventEntry | undefined): SyncedEvent | null {
  if (!entry) return null;
  return {
    title: entry.title,
    description: entry.description,
    start: entry.start,
    end: entry.end,
    timeZone: entry.timeZone,
    allDay: entry.allDay,
    deleted: entry.archived || entry.status === 'cancelled',
  };
}

export interface FromGoogle {
  event: SyncedEvent;
  /** What could not be kept as Google had it ('unknown-time-zone:Mars/Olympus'). */
  flags: string[];
}

/**
 * A Google event in our terms. Times keep their instant; a zone this runtime does not know is
 * replaced by UTC and flagged; all-day dates become midnights in the event's (or calendar's) zone,
 * the end exclusive as on both sides. Null when it has no usable time (nothing to schedule).
 */
export function fromGoogle(event: GoogleEvent, calendarZone: string): FromGoogle | null {
  const flags: string[] = [];
  const wanted = event.start?.timeZone ?? event.end?.timeZone ?? calendarZone;
  let zone = wanted;
  if (!isTimeZone(zone)) {
    flags.push(`unknown-time-zone:${wanted.slice(0, 64)}`);
    zone = 'UTC';
  }
  const allDay = Boolean(event.start?.date);
  const start = timeOf(event.start, zone);
  const end = timeOf(event.end, zone);
  if (!start || !end || Date.parse(end) < Date.parse(start)) return null;
  const deleted = event.status === 'cancelled';
  return {
    event: { title: (event.summary ?? '').slice(0, TITLE_MAX), description: (event.description ?? '').slice(0, DESCRIPTION_MAX), start, end, timeZone: zone, allDay, deleted },
    flags,
  };
}

function timeOf(time: GoogleTime | null | undefined, zone: string): string | null {
  if (!time) return null;
  if (time.date) return startOfDate(time.date, zone);
  if (time.dateTime && !Number.isNaN(Date.parse(time.dateTime)) && /(?:Z|[+-]\d{2}:\d{2})$/.test(time.dateTime)) return formatInZone(Date.parse(time.dateTime), zone);
  return null;
}

/** Our event as the body of a Google insert or patch: all-day as dates in its zone, timed as instants with the zone. */
export function toGoogle(event: SyncedEvent): { summary: string; description: string; start: GoogleTime; end: GoogleTime } {
  const when = (instant: string): GoogleTime =>
    event.allDay ? { date: dateInZone(Date.parse(instant), event.timeZone) } : { dateTime: instant, timeZone: event.timeZone };
  return { summary: event.title, description: event.description, start: when(event.start), end: when(event.end) };
}

export function sameGroup(group: FieldGroup, a: SyncedEvent, b: SyncedEvent): boolean {
  switch (group) {
    case 'title':
      return a.title === b.title;
    case 'description':
      return a.description === b.description;
    case 'deleted':
      return a.deleted === b.deleted;
    case 'time':
      // Instants, not strings: Google writes a time in its own offset, and an all-day event as dates.
      return a.allDay === b.allDay && a.timeZone === b.timeZone && Date.parse(a.start) === Date.parse(b.start) && Date.parse(a.end) === Date.parse(b.end);
  }
}

export function sameEvent(a: SyncedEvent, b: SyncedEvent): boolean {
  return FIELD_GROUPS.every((group) => sameGroup(group, a, b));
}

function take(group: FieldGroup, into: SyncedEvent, from: SyncedEvent): void {
  if (group === 'time') {
    into.start = from.start;
    into.end = from.end;
    into.timeZone = from.timeZone;
    into.allDay = from.allDay;
  } else if (group === 'title') into.title = from.title;
  else if (group === 'description') into.description = from.description;
  else into.deleted = from.deleted;
}

export interface Merge {
  result: SyncedEvent;
  /** Groups both sides changed to different values since the base (empty: no conflict). */
  conflicting: FieldGroup[];
  winner: 'google' | 'here' | null;
}

/**
 * The rule for an event changed on both sides since the last sync: a group changed on one side
 * takes that side's value; a group changed on both to different values takes the later edit's
 * (ours: the entry's last change; Google's: its `updated`; a tie goes to here). A deletion on
 * either side wins over edits on the other (and counts as a conflict when the other side edited),
 * so nothing deleted comes back by itself; people restore it on purpose.
 */
export function mergeEvent(base: SyncedEvent, ours: SyncedEvent, theirs: SyncedEvent, oursAt: number, theirsAt: number): Merge {
  const result = { ...base };
  const conflicting: FieldGroup[] = [];
  const later = theirsAt > oursAt ? 'google' : 'here';
  for (const group of FIELD_GROUPS) {
    const oursChanged = !sameGroup(group, ours, base);
    const theirsChanged = !sameGroup(group, theirs, base);
    if (oursChanged && theirsChanged && !sameGroup(group, ours, theirs)) {
      conflicting.push(group);
      take(group, result, later === 'google' ? theirs : ours);
    } else if (oursChanged) take(group, result, ours);
    else if (theirsChanged) take(group, result, theirs);
  }
  const deletedBy = ours.deleted && !base.deleted ? 'here' : theirs.deleted && !base.deleted ? 'google' : null;
  if (deletedBy && !conflicting.includes('deleted')) {
    result.deleted = true;
    const other = deletedBy === 'here' ? theirs : ours;
    const edited = FIELD_GROUPS.filter((group) => group !== 'deleted' && !sameGroup(group, other, base));
    if (edited.length > 0) return { result, conflicting: [...edited, 'deleted'], winner: deletedBy };
  }
  return { result, conflicting, winner: conflicting.length > 0 ? later : null };
}

/**
 * The Google event id of one of our events: derived, so an insert repeated after a crash is
 * refused as a duplicate instead of making a second event. Google ids are base32hex (0-9, a-v).
 */
export function googleIdFor(linkId: string, eventId: string): string {
  const digest = createHash('sha256').update(`${linkId}:${eventId}`).digest();
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  let bits = 0;
  let value = 0;
  let id = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      id += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return id;
}

/** Our id for an event first made in Google: derived too, so a sync repeated after a crash finds the one it made. */
export function eventIdFor(linkId: string, googleEventId: string): string {
  return `g_${createHash('sha256').update(`${linkId}:${googleEventId}`).digest('base64url').slice(0, 40)}`;
}
