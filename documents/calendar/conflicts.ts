import type { EventEntry } from './schema.js';

export interface Conflict {
  a: string;
  b: string;
  reasons: ('channel' | 'assignee')[];
}

interface Span {
  id: string;
  start: number;
  end: number;
  channel: string;
  assigneeId: string | null;
}

/**
 * Every pair of overlapping events that share a channel or an assignee (half-open intervals on
 * absolute instants, so time zones compare correctly; touching events do not overlap).
 * Archived and cancelled events take no slot. It reports; it never refuses. A sweep over start
 * times compares only events that overlap: O(n log n + overlapping pairs), not O(n²).
 */
export function findConflicts(events: readonly EventEntry[]): Conflict[] {
  const spans: Span[] = events
    .filter((event) => !event.archived && event.status !== 'cancelled')
    .map((event) => ({ id: event.id, start: Date.parse(event.start), end: Date.parse(event.end), channel: event.channel, assigneeId: event.assigneeId }))
    .filter((span) => span.end > span.start)
    .sort((x, y) => x.start - y.start || (x.id < y.id ? -1 : 1));
  const conflicts: Conflict[] = [];
  let open: Span[] = [];
  for (const span of spans) {
    open = open.filter((other) => other.end > span.start);
    for (const other of open) {
      const reasons: Conflict['reasons'] = [];
      if (other.channel === span.channel) reasons.push('channel');
      if (other.assigneeId !== null && other.assigneeId === span.assigneeId) reasons.push('assignee');
      if (reasons.length > 0) conflicts.push(other.id < span.id ? { a: other.id, b: span.id, reasons } : { a: span.id, b: other.id, reasons });
    }
    open.push(span);
  }
  return conflicts.sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
}
