import type { Operation } from '../openapi/operations.js';
import { createEventBody, eventPageResponse, eventResponse, listEventsQuery, strictQuery, updateEventBody } from './schemas.js';

const event = '/api/calendar/events/{eventId}';
const common = { tag: 'calendar', auth: true } as const;

export const CALENDAR_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/calendar/events', operationId: 'listCalendarEvents', summary: 'Events overlapping [from, to) across your calendars, by start; each with its conflicts; cursor pagination (meta.next)', query: listEventsQuery, response: eventPageResponse, success: { status: 200, description: 'A page of events' }, errors: ['NOT_FOUND'] },
  { ...common, method: 'post', path: '/api/calendar/events', operationId: 'createCalendarEvent', summary: 'Add an event to a calendar (strict=true refuses one that would double-book)', query: strictQuery, body: createEventBody, response: eventResponse, etag: 'returns', idempotent: true, success: { status: 201, description: 'The event with its conflicts' }, errors: ['NOT_FOUND', 'ALREADY_EXISTS', 'SCHEDULING_CONFLICT', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'get', path: event, operationId: 'getCalendarEvent', summary: 'One event with its conflicts (archived ones too)', response: eventResponse, etag: 'returns', success: { status: 200, description: 'The event' } },
  { ...common, method: 'put', path: event, operationId: 'updateCalendarEvent', summary: "Change an event's fields and/or reschedule it (start and end together; strict=true refuses a new conflict)", query: strictQuery, body: updateEventBody, response: eventResponse, etag: 'checks', success: { status: 200, description: 'The event with its conflicts' }, errors: ['SCHEDULING_CONFLICT', 'DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
  { ...common, method: 'delete', path: event, operationId: 'archiveCalendarEvent', summary: 'Archive an event (content kept; again is a no-op)', response: eventResponse, etag: 'checks', success: { status: 200, description: 'The archived event' }, errors: ['DOCUMENT_TOO_LARGE', 'DOCUMENT_RESET'] },
];
