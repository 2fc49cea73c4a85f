import { dateInZone, formatInZone, offsetMinutesAt } from '../../../documents/calendar/zoned-time.js';
import { isTimeZone } from '../../../documents/calendar/schema.js';

/**
 * Calendar dates ('YYYY-MM-DD', no zone) and the viewer's zone for the calendar page. Date
 * arithmetic here is on plain calendar dates; everything that turns a wall-clock time into an
 * instant or back goes through documents/calendar/zoned-time.
 */

const DAY = 86_400_000;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The zone this browser shows times in; UTC when the runtime reports none it knows. */
export function viewerTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return typeof zone === 'string' && zone !== '' && isTimeZone(zone) ? zone : 'UTC';
}

/** 'YYYY-MM-DD' as numbers, or null for anything that is not a real date. */
export function parseDate(date: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const value = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return toDateKey(value) === date ? value : null;
}

/** 'HH:MM' as numbers, or null. */
export function parseTime(time: string): { hour: number; minute: number } | null {
  const match = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time);
  if (!match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour < 24 && minute < 60 ? { hour, minute } : null;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** A (possibly overflowing: day 32, month 13) calendar date normalised to 'YYYY-MM-DD'. */
export function toDateKey({ year, month, day }: CalendarDate): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** `days` calendar days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  const value = parseDate(date);
  if (!value) return date;
  return toDateKey({ ...value, day: value.day + days });
}

/** The first day of the month `months` after the one `date` is in. */
export function addMonths(date: string, months: number): string {
  const value = parseDate(date);
  if (!value) return date;
  return toDateKey({ year: value.year, month: value.month + months, day: 1 });
}

/** Monday on or before `date`. */
export function startOfWeek(date: string): string {
  const value = parseDate(date);
  if (!value) return date;
  const weekday = new Date(Date.UTC(value.year, value.month - 1, value.day)).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  if (!a || !b) return 0;
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY);
}

/** 'December 2026' for the month `date` is in. */
export function monthTitle(date: string): string {
  const value = parseDate(date);
  if (!value) return date;
  return new Date(Date.UTC(value.year, value.month - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** 'Tue 1 Dec' for a calendar date. */
export function shortDate(date: string): string {
  const value = parseDate(date);
  if (!value) return date;
  return new Date(Date.UTC(value.year, value.month - 1, value.day)).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The viewer's today. */
export function todayIn(zone: string, now = Date.now()): string {
  return dateInZone(now, zone);
}

/** 'HH:MM' of an instant's wall-clock time in `zone`. */
export function timeInZone(instant: number, zone: string): string {
  return formatInZone(instant, zone).slice(11, 16);
}

/** 'New York' for America/New_York, 'UTC' for UTC. */
export function zoneCity(zone: string): string {
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/** 'GMT-05:00' at `instant` ('GMT' for UTC itself). */
export function zoneOffsetText(zone: string, instant = Date.now()): string {
  const minutes = offsetMinutesAt(zone, instant);
  if (minutes === 0) return 'GMT';
  const abs = Math.abs(minutes);
  return `GMT${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const COMMON_ZONES = ['UTC', 'America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'America/Sao_Paulo', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney'];

/** The zones the add form offers: the viewer's first, then the calendar's own and a few common ones. */
export function zoneChoices(viewer: string, used: Iterable<string>): string[] {
  const rest = new Set<string>();
  for (const zone of [...used, ...COMMON_ZONES]) if (zone !== viewer && isTimeZone(zone)) rest.add(zone);
  return [viewer, ...[...rest].sort((a, b) => offsetMinutesAt(a, Date.now()) - offsetMinutesAt(b, Date.now()) || a.localeCompare(b))];
}
