import { useEffect, useState } from 'react';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
/** Each unit, and how many of it make the next. */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number, number][] = [
  ['minute', 60, 60],
  ['hour', 60, 24],
  ['day', 24, 7],
  ['week', 7, 5],
];

/** "just now", "3 minutes ago", "yesterday"; the local date past a month (`past` says how, when given). */
export function sinceText(iso: string, now = Date.now(), past: (iso: string) => string = (value) => new Date(value).toLocaleDateString()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  let amount = (now - then) / 1000;
  if (amount < 45) return 'just now';
  for (const [unit, size, limit] of UNITS) {
    amount /= size;
    if (amount < limit) return relative.format(-Math.max(1, Math.floor(amount)), unit);
  }
  return past(iso);
}

/** The time now, updated every `everyMs` so relative times stay true. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
