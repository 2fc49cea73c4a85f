import { archiveEvent as archive } from '../../documents/calendar/calendar.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import type { CalendarEvent } from './event.js';
import { editEvent } from './event-edit.js';
import { eventTarget } from './event-target.js';

/** Archives an event: it leaves listings and takes no slot (no conflicts); its content is kept. Again is a no-op. */
export async function archiveEvent(deps: OperationDeps, caller: Caller, eventId: string, options: { ifMatch?: string | undefined } = {}): Promise<Outcome<CalendarEvent>> {
  const target = await eventTarget(deps, caller, eventId, 'write');
  if (!target.ok) return target;
  return editEvent(deps, target.value, options, {
    prospect: (current) => ({ ...current, archived: true }),
    write: (doc, current) => {
      if (!current.archived) archive(doc, current.id);
    },
  });
}
