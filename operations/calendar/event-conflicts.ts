import * as Y from 'yjs';
import { findConflicts } from '../../documents/calendar/conflicts.js';
import { EVENTS, type EventEntry, toInstant } from '../../documents/calendar/schema.js';
import { entryMaps } from '../../documents/entries.js';
import { projectEntry } from '../../documents/projection.js';
import { type CalendarPlace, type EventConflict, eventItemId } from './event.js';

/**
 * The scheduling conflicts of each of `events` (one calendar's), by event id, from one sweep of
 * the model's `findConflicts`: a page of events costs one sweep per calendar, not one per event.
 */
export function conflictIndex(where: CalendarPlace, events: readonly EventEntry[]): Map<string, EventConflict[]> {
  const byId = new Map(events.map((event) => [event.id, event]));
  const index = new Map<string, EventConflict[]>();
  const add = (eventId: string, partner: EventEntry, reasons: EventConflict['reasons']) => {
    const conflict = { eventId: partner.id, id: eventItemId(where, partner.id), title: partner.title, start: partner.start, end: partner.end, reasons };
    const list = index.get(eventId);
    if (list) list.push(conflict);
    else index.set(eventId, [conflict]);
  };
  for (const { a, b, reasons } of findConflicts(events)) {
    add(a, byId.get(b)!, reasons);
    add(b, byId.get(a)!, reasons);
  }
  return index;
}

/**
 * The events of a calendar document overlapping [start, end). Raw instants are compared first
 * and only the overlapping events are validated, so checking one event of a calendar of
 * thousands inside a write transaction costs a scan of two fields per event, not a parse of each.
 */
export function eventsOverlapping(doc: Y.Doc, start: number, end: number): EventEntry[] {
  const found: EventEntry[] = [];
  for (const value of entryMaps(doc, EVENTS).values()) {
    if (!(value instanceof Y.Map)) continue;
    const from = value.get('start');
    const to = value.get('end');
    if (typeof from !== 'string' || typeof to !== 'string' || !(toInstant(to) > start && toInstant(from) < end)) continue;
    const data = projectEntry(EVENTS, value);
    if (data) found.push(data as EventEntry);
  }
  return found;
}

/** What `event` (as it is, or as a write would make it) conflicts with in the calendar `doc`; archived and cancelled events conflict with nothing. */
export function conflictsOf(doc: Y.Doc, where: CalendarPlace, event: EventEntry): EventConflict[] {
  const start = toInstant(event.start);
  const end = toInstant(event.end);
  if (!(end > start)) return [];
  const others = eventsOverlapping(doc, start, end).filter((other) => other.id !== event.id);
  return conflictIndex(where, [event, ...others]).get(event.id) ?? [];
}

/** Conflicts in `after` that `before` did not have: a new partner, or a new reason with an old one. */
export function newConflicts(before: readonly EventConflict[], after: readonly EventConflict[]): EventConflict[] {
  return after.filter((conflict) => {
    const was = before.find((old) => old.eventId === conflict.eventId);
    return !was || conflict.reasons.some((reason) => !was.reasons.includes(reason));
  });
}
