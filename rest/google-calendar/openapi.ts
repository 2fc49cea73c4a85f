import { z } from 'zod';
import type { Operation } from '../openapi/operations.js';
import { accountResponse, createLinkBody, googleCalendarChoiceResponse, linkResponse } from './schemas.js';

const links = '/api/projects/{projectId}/google-calendar-links';
const link = `${links}/{linkId}`;
const common = { tag: 'google-calendar', auth: true } as const;

export const GOOGLE_CALENDAR_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/google-calendar/accounts', operationId: 'listGoogleAccounts', summary: 'Your connected Google accounts (calendar access) and whether each needs reconnecting', response: z.array(accountResponse), success: { status: 200, description: 'Accounts' } },
  { ...common, method: 'get', path: '/api/google-calendar/connect', operationId: 'connectGoogleCalendar', summary: 'Start granting calendar access (a browser navigation): redirects to Google’s consent, which returns to the callback', success: { status: 302, description: 'Redirect to Google' }, errors: ['GOOGLE_NOT_CONFIGURED'] },
  { ...common, method: 'get', path: '/api/google-calendar/callback', operationId: 'googleCalendarCallback', summary: 'Where Google returns after consent: stores the account, then redirects to the project’s Google Calendar page (with ?connected=1 or ?error=…)', success: { status: 302, description: 'Redirect to the web client' } },
  { ...common, method: 'delete', path: '/api/google-calendar/accounts/{accountId}', operationId: 'disconnectGoogleAccount', summary: 'Disconnect an account: its authorization revoked at Google, its links removed (nothing deleted on either side)', response: z.object({ id: z.uuid() }), success: { status: 200, description: 'Disconnected' } },
  { ...common, method: 'get', path: '/api/google-calendar/accounts/{accountId}/calendars', operationId: 'listGoogleCalendars', summary: 'The Google calendars of one of your accounts, to choose one to link', response: z.array(googleCalendarChoiceResponse), success: { status: 200, description: 'Calendars' }, errors: ['GOOGLE_ACCOUNT_NEEDS_RECONNECT', 'GOOGLE_UNAVAILABLE'] },
  { tag: 'google-calendar', auth: false, method: 'post', path: '/api/google-calendar/notifications', operationId: 'googleCalendarNotification', summary: 'Google’s push notifications (events.watch); a known channel with its token asks for a sync, anything else is ignored', success: { status: 204, description: 'Received' } },
  { ...common, method: 'get', path: links, operationId: 'listGoogleCalendarLinks', summary: 'The project’s calendars linked to Google: status, last sync, last error, recent conflicts', response: z.array(linkResponse), success: { status: 200, description: 'Links' } },
  { ...common, method: 'post', path: links, operationId: 'linkGoogleCalendar', summary: 'Link a content calendar to a Google calendar of yours (write access needed); the first sync starts at once', body: createLinkBody, response: linkResponse, success: { status: 201, description: 'The link' }, errors: ['ALREADY_LINKED', 'RECURRING_EVENTS', 'GOOGLE_CALENDAR_NOT_FOUND', 'GOOGLE_ACCOUNT_NEEDS_RECONNECT', 'GOOGLE_UNAVAILABLE', 'GOOGLE_NOT_CONFIGURED'] },
  { ...common, method: 'post', path: `${link}/sync`, operationId: 'syncGoogleCalendarLink', summary: 'Sync now (queued; requests while one is queued collapse)', response: z.object({ id: z.uuid(), queued: z.literal(true) }), success: { status: 202, description: 'Queued' } },
  { ...common, method: 'delete', path: link, operationId: 'unlinkGoogleCalendar', summary: 'Unlink: the push channel stops; events stay on both sides', response: z.object({ id: z.uuid() }), success: { status: 200, description: 'Unlinked' } },
];
