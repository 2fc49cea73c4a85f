import type { Cadence } from '../../storage/analytics/report-subscriptions.js';

/** Reports go out at 07:00 UTC: in the inbox before a European working day starts. */
const SEND_HOUR_UTC = 7;

/** The first report after subscribing: next Monday (weekly) or the 1st of next month (monthly), at 07:00 UTC. */
export function firstDue(cadence: Cadence, now: Date): Date {
  if (cadence === 'monthly') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, SEND_HOUR_UTC));
  const daysToMonday = (8 - now.getUTCDay()) % 7 || 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysToMonday, SEND_HOUR_UTC));
}

/** The report after the one due at `due`: a week, or a calendar month, later (never in the past: a long outage sends one, not a backlog). */
export function nextDue(cadence: Cadence, due: Date, now: Date): Date {
  let next = due;
  do {
    next = cadence === 'weekly' ? new Date(next.getTime() + 7 * 24 * 3_600_000) : new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1, SEND_HOUR_UTC));
  } while (next <= now);
  return next;
}

/** Days a report covers. */
export const REPORT_DAYS: Record<Cadence, number> = { weekly: 7, monthly: 30 };
