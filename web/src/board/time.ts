import { useEffect, useState } from 'react';

/** The calendar day of a stored due date as written (what a date input shows), or ''. */
export const dayOf = (instant: string | null) => instant?.slice(0, 10) ?? '';

/** Today as the person's own calendar has it, "YYYY-MM-DD". */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "Due 5 Dec" (with the year when it is not this one). */
export function dueText(day: string, now = new Date()): string {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return `Due ${day}`;
  const shown = new Date(year, month - 1, date);
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', ...(year === now.getFullYear() ? {} : { year: 'numeric' }) };
  return `Due ${shown.toLocaleDateString(undefined, options)}`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
/** Each unit, and how many of it make the next. */
const UNITS: readonly [Intl.RelativeTimeFormatUnit, number, number][] = [
  ['minute', 60, 60],
  ['hour', 60, 24],
  ['day', 24, 7],
  ['week', 7, 5],
];

/** "just now", "3 minutes ago", "yesterday"; the local date past a month. */
export function sinceText(iso: string, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  let amount = (now - then) / 1000;
  if (amount < 45) return 'just now';
  for (const [unit, size, limit] of UNITS) {
    amount /= size;
    if (amount < limit) return relative.format(-Math.max(1, Math.floor(amount)), unit);
  }
  return new Date(iso).toLocaleDateString();
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

/** "OL" for "Olivia Lane", "ED" for "eddie@…". */
export function initialsOf(name: string): string {
  const words = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
