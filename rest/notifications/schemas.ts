import { z } from 'zod';
import { FEED_EVENT_TYPES } from '../../documents/feed-event-types.js';
import { queryBoolean } from '../operation-response.js';

export const listNotificationsQuery = z.object({
  unread: queryBoolean.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const markReadBody = z.object({ ids: z.array(z.uuid()).min(1).max(500) }).strict();

export const feedEventResponse = z.object({
  id: z.uuid(),
  type: z.enum(FEED_EVENT_TYPES),
  projectId: z.uuid(),
  kind: z.string(),
  documentId: z.string().nullable(),
  itemId: z.string(),
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});
export const notificationResponse = z.object({ id: z.uuid(), createdAt: z.string(), readAt: z.string().nullable(), event: feedEventResponse });
export const notificationPageResponse = z.object({ items: z.array(notificationResponse), next: z.string().nullable(), unread: z.number().int() });
export const unreadResponse = z.object({ unread: z.number().int() });
export const markedResponse = z.object({ marked: z.number().int(), unread: z.number().int() });
