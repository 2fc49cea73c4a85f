/**
 * Wall-clock time in IANA zones with nothing but `Intl`, for the places where a calendar date or
 * a local time must become an instant (all-day events, Google's dates) and back. Pure: the
 * browser and the server share it.
 */

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(zone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset', year: 'numeric' });
    offsetFormats.set(zone, format);
  }
  return format;
}

/** Minutes the zone is ahead of UTC at `instant` (Berlin in winter: 60). */
export function offsetMinutesAt(zone: string, instant: number): number {
  const name = offsetFormat(zone).formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The instant a wall-clock time has in `zone`, written with that zone's offset
 * ("2026-03-29T02:30:00" in Berlin, a time that does not exist, moves forward as clocks do).
 */
export function zonedToInstant(local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }, zone: string): string {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
  // Two passes: the offset at the first guess may differ from the offset at the answer across a change.
  const first = asUtc - offsetMinutesAt(zone, asUtc) * 60_000;
  const offset = offsetMinutesAt(zone, first);
  const instant = asUtc - offset * 60_000;
  return formatInZone(instant, zone);
}

/** An instant as local time in `zone` with its offset: `2026-12-01T00:00:00+01:00`. */
export function formatInZone(instant: number, zone: string): string {
  const offset = offsetMinutesAt(zone, instant);
  const local = new Date(instant + offset * 60_000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${date}T${time}${offsetText(offset)}`;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in `zone`. */
export function dateInZone(instant: number, zone: string): string {
  let format = dateFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, format);
  }
  return format.format(instant);
}

/** Midnight starting `date` (YYYY-MM-DD) in `zone`, or null for something that is not a date. */
export function startOfDate(date: string, zone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return zonedToInstant({ year, month, day }, zone);
}
