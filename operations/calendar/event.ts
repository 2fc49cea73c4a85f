import type { ConflictReason } from '../../documents/calendar/conflicts.js';
import type { EventEntry } from '../../documents/calendar/schema.js';
import { formatDocumentName } from '../../documents/document-name.js';
import type { Versioned } from '../entry-edit.js';
import { formatItemId } from '../item-id.js';

/** Where an event lives: its project and calendar document. */
export interface CalendarPlace {
  projectId: string;
  calendarId: string;
}

/** Another event of the same calendar that overlaps this one in time and shares its channel, its assignee or both. */
export interface EventConflict {
  /** The other event's id in its calendar. */
  eventId: string;
  /** The other event's item id, to fetch or change it. */
  id: string;
  title: string;
  start: string;
  end: string;
  reasons: ConflictReason[];
}

/** A calendar event as the REST API shows it: its own id is enough to address it later. */
export type CalendarEvent = Omit<EventEntry, 'id'> & {
  /** `<projectId>.<calendarId>.<eventId>` */
  id: string;
  projectId: string;
  calendarId: string;
  eventId: string;
  /** The version of the event's own fields (conflicts are derived, and not part of it). */
  etag: string;
  conflicts: EventConflict[];
};

export function toEvent(where: CalendarPlace, entry: Versioned, conflicts: EventConflict[]): CalendarEvent {
  const { id: eventId, ...event } = entry.data as EventEntry;
  return { ...event, id: eventItemId(where, eventId), projectId: where.projectId, calendarId: where.calendarId, eventId, etag: entry.etag, conflicts };
}

export function eventItemId(where: CalendarPlace, eventId: string): string {
  return formatItemId({ projectId: where.projectId, documentId: where.calendarId, entryId: eventId });
}

export function calendarName(where: CalendarPlace): string {
  return formatDocumentName({ kind: 'calendar', projectId: where.projectId, id: where.calendarId });
}
