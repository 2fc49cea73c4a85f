const pad = (value: number) => String(Math.abs(value)).padStart(2, '0');

/** A moment as `<input type="datetime-local">` writes it, in this browser's time zone (to the minute). */
export function localInputValue(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/**
 * A datetime-local value (a wall-clock time in this browser's zone) as ISO 8601 with that zone's
 * offset at that moment (`2026-12-03T18:00:00+01:00`), as the server takes an expiry; null when
 * it is not a time.
 */
export function isoWithOffset(local: string): string | null {
  // Without an offset, a date-time string is read as local time.
  const at = new Date(local);
  if (!local || Number.isNaN(at.getTime())) return null;
  const offset = -at.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return `${localInputValue(at)}:${pad(at.getSeconds())}${zone}`;
}

/** A link's time as people read it here: the date and the time to the minute. */
export const linkTimeText = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
