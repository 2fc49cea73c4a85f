import type { Operation } from '../openapi/operations.js';
import { preferencesQuery, preferencesResponse, putPreferencesBody } from './preference-schemas.js';
import { listNotificationsQuery, markReadBody, markedResponse, notificationPageResponse, unreadResponse } from './schemas.js';

const common = { tag: 'notifications', auth: true } as const;

export const NOTIFICATION_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/notifications', operationId: 'listNotifications', summary: 'Your notifications, unread first (cursor in data.next)', query: listNotificationsQuery, response: notificationPageResponse, success: { status: 200, description: 'A page of notifications and the unread count' } },
  { ...common, method: 'get', path: '/api/notifications/unread-count', operationId: 'countUnreadNotifications', summary: 'How many notifications you have not read', response: unreadResponse, success: { status: 200, description: 'The unread count' } },
  { ...common, method: 'post', path: '/api/notifications/read', operationId: 'markNotificationsRead', summary: 'Mark some of your notifications read', body: markReadBody, response: markedResponse, success: { status: 200, description: 'How many were marked' } },
  { ...common, method: 'post', path: '/api/notifications/read-all', operationId: 'markAllNotificationsRead', summary: 'Mark all your notifications read', response: markedResponse, success: { status: 200, description: 'How many were marked' } },
  { ...common, method: 'get', path: '/api/notifications/preferences', operationId: 'getNotificationPreferences', summary: 'Which events reach you in a project, in-app and by email (defaults included)', query: preferencesQuery, response: preferencesResponse, success: { status: 200, description: 'Your choices and what they make of every event type' }, errors: ['NOT_FOUND'] },
  { ...common, method: 'put', path: '/api/notifications/preferences', operationId: 'putNotificationPreferences', summary: 'Replace your notification preferences in a project (what you leave out follows the defaults)', body: putPreferencesBody, response: preferencesResponse, success: { status: 200, description: 'Your preferences as stored' }, errors: ['NOT_FOUND'] },
];
