import type { Operation } from '../openapi/operations.js';
import { listNotificationsQuery, markReadBody, markedResponse, notificationPageResponse, unreadResponse } from './schemas.js';

const common = { tag: 'notifications', auth: true } as const;

export const NOTIFICATION_OPERATIONS: Operation[] = [
  { ...common, method: 'get', path: '/api/notifications', operationId: 'listNotifications', summary: 'Your notifications, unread first (cursor in data.next)', query: listNotificationsQuery, response: notificationPageResponse, success: { status: 200, description: 'A page of notifications and the unread count' } },
  { ...common, method: 'get', path: '/api/notifications/unread-count', operationId: 'countUnreadNotifications', summary: 'How many notifications you have not read', response: unreadResponse, success: { status: 200, description: 'The unread count' } },
  { ...common, method: 'post', path: '/api/notifications/read', operationId: 'markNotificationsRead', summary: 'Mark some of your notifications read', body: markReadBody, response: markedResponse, success: { status: 200, description: 'How many were marked' } },
  { ...common, method: 'post', path: '/api/notifications/read-all', operationId: 'markAllNotificationsRead', summary: 'Mark all your notifications read', response: markedResponse, success: { status: 200, description: 'How many were marked' } },
];
