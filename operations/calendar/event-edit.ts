import type * as Y from 'yjs';
import { EVENTS, type EventEntry, eventEntry } from '../../documents/calendar/schema.js';
import { AppError } from '../../platform/app-error.js';
import type { OperationDeps } from '../dependencies.js';
import { currentEntry, editOutcome } from '../entry-edit.js';
import type { EditResult } from '../live-documents.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type CalendarEvent, type CalendarPlace, type EventConflict, toEvent } from './event.js';
import { conflictsOf, newConflicts } from './event-conflicts.js';
import type { EventTarget } from './event-target.js';

/** What a write inside a calendar's live edit came to. */
export type EventEdit = { kind: 'written'; event: CalendarEvent } | { kind: 'stale'; event: CalendarEvent } | { kind: 'refused'; conflicts: EventConflict[] };

/** The event as it is in `doc` now, with its conflicts: read inside the same transaction as the write, so both describe one state. */
export function presentEvent(doc: Y.Doc, where: CalendarPlace, eventId: string): CalendarEvent {
  const entry = currentEntry(doc, EVENTS, 'event', eventId);
  return toEvent(where, entry, conflictsOf(doc, where, entry.data as EventEntry));
}

/**
 * For `?strict=true`: the conflicts an event would be in after a write that it is not in before
 * (`before`; none for a new event). A prospect the model would refuse has none: the write that
 * follows refuses it with the field at fault, as without strict.
 */
export function conflictsCreated(doc: Y.Doc, where: CalendarPlace, prospect: Record<string, unknown>, before: readonly EventConflict[] = []): EventConflict[] {
  const parsed = eventEntry.safeParse(prospect);
  return parsed.success ? newConflicts(before, conflictsOf(doc, where, parsed.data)) : [];
}

/** A calendar edit's result in operation terms: a stale If-Match is 412 with the event as it is, a strict refusal 409 with the conflicts. */
export function eventOutcome(result: EditResult<EventEdit>, ifMatch?: string): Outcome<CalendarEvent> {
  const outcome = editOutcome(result);
  if (!outcome.ok) return outcome;
  const edit = outcome.value;
  switch (edit.kind) {
    case 'written':
      return ok(edit.event);
    case 'stale':
      return { ok: false, error: new AppError('PRECONDITION_FAILED', `This event changed since you read it (If-Match ${ifMatch}); nothing was changed.`, { etag: edit.event.etag }, edit.event) };
    case 'refused':
      return fail('SCHEDULING_CONFLICT', `This would double-book ${edit.conflicts.map((c) => `"${c.title}"`).join(', ')} (strict); nothing was changed.`, { conflicts: edit.conflicts });
  }
}

/**
 * Changes an existing event: in one transaction, refuses when `ifMatch` names a version it no
 * longer has (412, with the event as it is now) or, when `strict`, when the change would put it
 * in a conflict it is not in yet (409, listing them); otherwise `write`s and answers the event
 * after the write. `prospect` is the event as the write would leave it, for the strict check.
 */
export async function editEvent(
  deps: OperationDeps,
  target: EventTarget,
  options: { ifMatch?: string | undefined; strict?: boolean | undefined },
  change: { prospect(current: EventEntry): Record<string, unknown>; write(doc: Y.Doc, current: EventEntry): void },
): Promise<Outcome<CalendarEvent>> {
  const { eventId, name, editor } = target;
  const where = { projectId: target.projectId, calendarId: target.calendarId };
  const result = await deps.live.edit(name, editor, (doc): EventEdit => {
    const entry = currentEntry(doc, EVENTS, 'event', eventId);
    const current = entry.data as EventEntry;
    const { ifMatch } = options;
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== entry.etag) return { kind: 'stale', event: toEvent(where, entry, conflictsOf(doc, where, current)) };
    if (options.strict) {
      const created = conflictsCreated(doc, where, change.prospect(current), conflictsOf(doc, where, current));
      if (created.length > 0) return { kind: 'refused', conflicts: created };
    }
    change.write(doc, current);
    return { kind: 'written', event: presentEvent(doc, where, eventId) };
  });
  return eventOutcome(result, options.ifMatch);
}
