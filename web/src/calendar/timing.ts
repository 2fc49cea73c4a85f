import type { EventEntry, EventTiming } from '../../../documents/calendar/schema.js';
import { dateInZone, formatInZone, startOfDate, zonedToInstant } from '../../../documents/calendar/zoned-time.js';
import { addDays, daysBetween, parseDate, parseTime, timeInZone } from './dates.js';

/**
 * Timing arithmetic for editing events: moving by days, changing the end, and turning what the
 * editor holds (a date, a time and a length typed in a zone) into instants. Every local-time ↔
 * instant conversion goes through documents/calendar/zoned-time; instants are written with the
 * offset of the event's own zone, as the add form writes them.
 */

const MINUTE = 60_000;
/** How much the resize buttons and Alt+Shift+↑/↓ change an end by. */
export const END_STEP_MINUTES = 15;

/** Whole minutes an event lasts. */
export const minutesOf = (event: Pick<EventEntry, 'start' | 'end'>): number => Math.round((Date.parse(event.end) - Date.parse(event.start)) / MINUTE);

/** How many dates an all-day event covers in `zone` (at least one). */
export function daysOf(event: Pick<EventEntry, 'start' | 'end'>, zone: string): number {
  const first = dateInZone(Date.parse(event.start), zone);
  const last = dateInZone(Date.parse(event.end) - 1, zone);
  return Math.max(1, daysBetween(first, last) + 1);
}

/**
 * The event `days` calendar days later (earlier when negative) in its own zone: a timed event keeps
 * its wall-clock start there and its length; an all-day event keeps its dates' count, starting and
 * ending at local midnight.
 */
export function movedByDays(event: EventEntry, days: number): EventTiming | null {
  const zone = event.timeZone;
  const start = Date.parse(event.start);
  const firstDay = dateInZone(start, zone);
  if (event.allDay) {
    const span = daysOf(event, zone);
    const from = startOfDate(addDays(firstDay, days), zone);
    const to = startOfDate(addDays(firstDay, days + span), zone);
    return from && to ? { start: from, end: to } : null;
  }
  const date = parseDate(addDays(firstDay, days));
  const clock = parseTime(timeInZone(start, zone));
  if (!date || !clock) return null;
  const seconds = Math.floor((((start / 1000) % 60) + 60) % 60);
  const from = zonedToInstant({ ...date, ...clock, second: seconds }, zone);
  const to = formatInZone(Date.parse(from) + (Date.parse(event.end) - start), zone);
  return { start: from, end: to };
}

/** The event ending `minutes` later (earlier when negative); null when it would no longer end after it starts. */
export function endChanged(event: EventEntry, minutes: number): EventTiming | null {
  if (event.allDay) return null;
  const end = Date.parse(event.end) + minutes * MINUTE;
  if (end <= Date.parse(event.start)) return null;
  return { start: event.start, end: formatInZone(end, event.timeZone) };
}

/** What the editor's timing fields hold, as typed. */
export interface TimingFields {
  day: string;
  time: string;
  minutes: string;
  days: string;
  zone: string;
  allDay: boolean;
}

/** The editor's fields for an event, read in `zone` (its own unless another is chosen). */
export function timingFields(event: EventEntry, zone = event.timeZone): TimingFields {
  const start = Date.parse(event.start);
  return {
    day: dateInZone(start, zone),
    time: timeInZone(start, zone),
    minutes: String(minutesOf(event)),
    days: String(daysOf(event, zone)),
    zone,
    allDay: event.allDay,
  };
}

/** The instants the fields stand for, or an Error saying what is wrong. */
export function timingOf(fields: TimingFields): Required<EventTiming> | Error {
  const date = parseDate(fields.day);
  if (!date) return new Error('Pick a date');
  if (fields.allDay) {
    const days = Number(fields.days);
    if (!Number.isInteger(days) || days < 1) return new Error('Days must be a whole number, at least 1');
    const start = startOfDate(fields.day, fields.zone);
    const end = startOfDate(addDays(fields.day, days), fields.zone);
    if (!start || !end) return new Error('Pick a date');
    return { start, end, timeZone: fields.zone, allDay: true };
  }
  const clock = parseTime(fields.time);
  if (!clock) return new Error('Pick a time');
  const minutes = Number(fields.minutes);
  if (!Number.isFinite(minutes) || Math.round(minutes) <= 0) return new Error('Duration must be a positive number of minutes');
  const start = zonedToInstant({ ...date, ...clock }, fields.zone);
  return { start, end: formatInZone(Date.parse(start) + Math.round(minutes) * MINUTE, fields.zone), timeZone: fields.zone, allDay: false };
}

/** Whether two sets of timing fields say the same thing (what was typed, not what it means). */
export const sameFields = (a: TimingFields, b: TimingFields): boolean =>
  a.day === b.day && a.zone === b.zone && a.allDay === b.allDay && (a.allDay ? a.days === b.days : a.time === b.time && Number(a.minutes) === Number(b.minutes));
