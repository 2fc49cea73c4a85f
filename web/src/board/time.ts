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

export { sinceText, useNow } from '../time-text.js';

/** "OL" for "Olivia Lane", "ED" for "eddie@…". */
export function initialsOf(name: string): string {
  const words = name.replace(/@.*/, '').split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
