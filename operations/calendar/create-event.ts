import { randomUUID } from 'node:crypto';
import { addEvent } from '../../documents/calendar/calendar.js';
import { EVENTS, type NewEvent } from '../../documents/calendar/schema.js';
import { entryMaps } from '../../documents/entries.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import type { Outcome } from '../outcome.js';
import { type CalendarEvent, calendarName } from './event.js';
import { type EventEdit, conflictsCreated, eventOutcome, presentEvent } from './event-edit.js';

export type NewCalendarEvent = Omit<NewEvent, 'id'> & {
  projectId: string;
  calendarId: string;
  /** Chosen by the caller to make a retry safe; a UUID when absent. */
  eventId?: string | undefined;
};

/**
 * Adds an event to a calendar. With `strict`, an event that would overlap another on its
 * channel or assignee is refused (409, nothing written); the check and the write are one
 * transaction, so no concurrent edit can slip in between.
 */
export async function createEvent(deps: OperationDeps, caller: Caller, input: NewCalendarEvent, options: { strict?: boolean | undefined } = {}): Promise<Outcome<CalendarEvent>> {
  const { projectId, calendarId, eventId = randomUUID(), ...fields } = input;
  const access = await documentFor(deps, caller, { projectId, documentId: calendarId, kind: 'calendar' }, 'write');
  if (!access.ok) return access;
  const where = { projectId, calendarId };
  const result = await deps.live.edit(calendarName(where), access.value.editor, (doc): EventEdit => {
    // An id already taken is refused by addEvent as ALREADY_EXISTS, whatever it would conflict with.
    if (options.strict && !entryMaps(doc, EVENTS).has(eventId)) {
      const created = conflictsCreated(doc, where, { ...EVENTS.defaults, ...fields, id: eventId, archived: false });
      if (created.length > 0) return { kind: 'refused', conflicts: created };
    }
    addEvent(doc, { ...fields, id: eventId });
    return { kind: 'written', event: presentEvent(doc, where, eventId) };
  });
  return eventOutcome(result);
}
