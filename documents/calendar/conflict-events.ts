import type { ChangeEvent } from '../change-events.js';
import { findConflicts } from './conflicts.js';
import { type EventEntry, eventEntry, toInstant } from './schema.js';

type Entry = Record<string, unknown> | null;

/** One calendar event's change within a commit: its state before (null: new) and after (null: gone). */
export interface EventChange {
  id: string;
  before: Entry;
  after: Entry;
}

function asEvent(entry: Entry): EventEntry | null {
  if (!entry) return null;
  const parsed = eventEntry.safeParse(entry);
  return parsed.success ? parsed.data : null;
}

const takesSlot = (event: EventEntry): boolean => !event.archived && event.status !== 'cancelled' && toInstant(event.end) > toInstant(event.start);

/**
 * Whether a change could give an event a conflict it did not have: it takes a slot now and is
 * new, came back (from cancelled or archived), or moved in time, channel or assignee. A title or
 * description edit cannot, so the writer need not look at the rest of the calendar for it.
 */
export function mayConflictAnew(before: Entry, after: Entry): boolean {
  const now = asEvent(after);
  if (!now || !takesSlot(now)) return false;
  const was = asEvent(before);
  if (!was || !takesSlot(was)) return true;
  return now.start !== was.start || now.end !== was.end || now.channel !== was.channel || now.assigneeId !== was.assigneeId;
}

const summary = (event: EventEntry) => ({ eventId: event.id, title: event.title, start: event.start, end: event.end, channel: event.channel });

/**
 * `event.conflicting`, once per pair of events of one calendar that conflict (overlap in time and
 * share a channel or an assignee: the calendar's own rule, `findConflicts`) after `changes` and
 * did not before. `others` are the calendar's other events as they stand (any superset of those
 * that could clash with the changed ones will do: each pair is judged on its two events alone).
 * The event is about the changed event of the pair (the later one in `changes` when both changed:
 * the change that made the clash), and names the other.
 */
export function conflictEventsOf(changes: readonly EventChange[], others: readonly Entry[]): ChangeEvent[] {
  const order = new Map(changes.map((change, index) => [change.id, index]));
  const unchanged = others.map(asEvent).filter((event): event is EventEntry => event !== null && !order.has(event.id));
  const before = [...unchanged, ...changes.map((change) => asEvent(change.before)).filter((event): event is EventEntry => event !== null)];
  const after = [...unchanged, ...changes.map((change) => asEvent(change.after)).filter((event): event is EventEntry => event !== null)];
  const pair = (a: string, b: string) => `${a}\u0000${b}`;
  const had = new Set(findConflicts(before).map(({ a, b }) => pair(a, b)));
  const byId = new Map(after.map((event) => [event.id, event]));
  const events: ChangeEvent[] = [];
  for (const { a, b, reasons } of findConflicts(after)) {
    if (had.has(pair(a, b))) continue;
    const [subject, other] = (order.get(a) ?? -1) > (order.get(b) ?? -1) ? [byId.get(a)!, byId.get(b)!] : [byId.get(b)!, byId.get(a)!];
    const data = { title: subject.title, start: subject.start, end: subject.end, channel: subject.channel, with: summary(other), reasons };
    events.push({ type: 'event.conflicting', entryId: subject.id, data });
  }
  return events;
}
