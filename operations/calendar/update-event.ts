import { rescheduleEvent, updateEvent as updateFields } from '../../documents/calendar/calendar.js';
import { type EventChanges, type EventEntry, type EventTiming, eventChanges } from '../../documents/calendar/schema.js';
import { valid } from '../../documents/document-error.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import type { CalendarEvent } from './event.js';
import { editEvent } from './event-edit.js';
import { eventTarget } from './event-target.js';

/** Fields and/or timing; `start` and `end` are given together or not at all (the edge insists). */
export type EventUpdate = EventChanges & Partial<EventTiming>;

/** Only the values that differ from the event's: rewriting one it already has would beat a concurrent change made elsewhere. */
function differing(current: EventEntry, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== undefined && JSON.stringify(current[key as keyof EventEntry]) !== JSON.stringify(value)));
}

/**
 * Changes an event's fields (`updateEvent`) and/or its timing (`rescheduleEvent`, start and end
 * always written together), writing only what differs. Everything is checked before anything is
 * written, so a refusal of either part leaves the event as it was.
 */
export async function updateEvent(deps: OperationDeps, caller: Caller, eventId: string, update: EventUpdate, options: { ifMatch?: string | undefined; strict?: boolean | undefined } = {}): Promise<Outcome<CalendarEvent>> {
  const target = await eventTarget(deps, caller, eventId, 'write');
  if (!target.ok) return target;
  const { start, end, timeZone, allDay, ...fields } = update;
  return editEvent(deps, target.value, options, {
    prospect: (current) => ({ ...current, ...differing(current, { ...fields, start, end, timeZone, allDay }) }),
    write: (doc, current) => {
      const changed = valid(eventChanges, differing(current, fields));
      const timing = differing(current, { start, end, timeZone, allDay });
      if (Object.keys(timing).length > 0) rescheduleEvent(doc, current.id, { start: start ?? current.start, end: end ?? current.end, ...timing });
      if (Object.keys(changed).length > 0) updateFields(doc, current.id, changed);
    },
  });
}
