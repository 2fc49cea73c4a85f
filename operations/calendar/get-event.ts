import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, attempt } from '../outcome.js';
import type { CalendarEvent } from './event.js';
import { presentEvent } from './event-edit.js';
import { eventTarget } from './event-target.js';

/** One event with its conflicts, read from its calendar (the live one when it is open, so it is never behind). Archived events too, flagged. */
export async function getEvent(deps: OperationDeps, caller: Caller, eventId: string): Promise<Outcome<CalendarEvent>> {
  const target = await eventTarget(deps, caller, eventId, 'read');
  if (!target.ok) return target;
  const { projectId, calendarId, eventId: entryId, name } = target.value;
  return deps.live.read(name, (doc) => attempt(() => presentEvent(doc, { projectId, calendarId }, entryId)));
}
