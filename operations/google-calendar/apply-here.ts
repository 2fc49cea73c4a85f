import { archiveEvent, rescheduleEvent, updateEvent } from '../../documents/calendar/calendar.js';
import type { EventEntry } from '../../documents/calendar/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { createEvent } from '../calendar/create-event.js';
import { type CalendarPlace, eventItemId } from '../calendar/event.js';
import { editEvent } from '../calendar/event-edit.js';
import { eventTarget } from '../calendar/event-target.js';
import type { Outcome } from '../outcome.js';
import type { SyncedEvent } from './event-mapping.js';

/**
 * Writes what the merge decided into the calendar document, as the person who linked it, through
 * the same operations as REST (enforcement, log, change feed). `ifMatch` is the version the merge
 * read: an edit made here meanwhile refuses the write (412), and the sync runs again.
 */
export async function applyHere(deps: OperationDeps, caller: Caller, where: CalendarPlace, eventId: string, result: SyncedEvent, ifMatch: string | undefined): Promise<Outcome<unknown>> {
  const target = await eventTarget(deps, caller, eventItemId(where, eventId), 'write');
  if (!target.ok) return target;
  return editEvent(deps, target.value, { ifMatch }, {
    prospect: (current) => ({ ...current, ...(result.deleted ? {} : fieldsOf(result)), archived: result.deleted }),
    write: (doc, current: EventEntry) => {
      if (!result.deleted) {
        const timing = { start: result.start, end: result.end, timeZone: result.timeZone, allDay: result.allDay };
        if (current.start !== timing.start || current.end !== timing.end || current.timeZone !== timing.timeZone || current.allDay !== timing.allDay) rescheduleEvent(doc, eventId, timing);
        if (current.title !== result.title || current.description !== result.description) updateEvent(doc, eventId, { title: result.title, description: result.description });
      }
      if (current.archived !== result.deleted) archiveEvent(doc, eventId, result.deleted);
    },
  });
}

/** A Google event new to us, under the id derived from it (a repeat finds it there: ALREADY_EXISTS). */
export async function createHere(deps: OperationDeps, caller: Caller, where: CalendarPlace, eventId: string, event: SyncedEvent): Promise<Outcome<unknown>> {
  return createEvent(deps, caller, { ...where, eventId, ...fieldsOf(event), channel: 'google-calendar', status: 'scheduled' });
}

function fieldsOf(event: SyncedEvent) {
  return { title: event.title, description: event.description, start: event.start, end: event.end, timeZone: event.timeZone, allDay: event.allDay };
}
