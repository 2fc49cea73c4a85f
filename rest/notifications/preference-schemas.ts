import { z } from 'zod';
import { FEED_EVENT_TYPES } from '../../documents/feed-event-types.js';
import { MAX_DIGEST_MINUTES, NOTIFICATION_CHANNELS, NOTIFICATION_GROUPS } from '../../operations/notifications/preferences.js';

const projectId = z.uuid().transform((id) => id.toLowerCase());
/** A set of channels: `[]` turns the type (or group) off everywhere; repeats count once. */
const channels = z
  .array(z.enum(NOTIFICATION_CHANNELS))
  .max(NOTIFICATION_CHANNELS.length * 2)
  .transform((list) => [...new Set(list)]);

export const preferencesQuery = z.object({ projectId }).strict();

/** A whole replacement (PUT): groups or types left out follow the defaults again. An unknown type or group is refused (422). */
export const putPreferencesBody = z
  .object({
    projectId,
    groups: z.partialRecord(z.enum(NOTIFICATION_GROUPS), channels).default({}),
    types: z.partialRecord(z.enum(FEED_EVENT_TYPES), channels).default({}),
    /** 0: email leaves as soon as a burst has gathered (about a minute); up to a day. Null or absent: the default. */
    emailDigestMinutes: z.number().int().min(0).max(MAX_DIGEST_MINUTES).nullable().default(null),
  })
  .strict();

const channelList = z.array(z.enum(NOTIFICATION_CHANNELS));
export const preferencesResponse = z.object({
  projectId: z.uuid(),
  groups: z.partialRecord(z.enum(NOTIFICATION_GROUPS), channelList),
  types: z.partialRecord(z.enum(FEED_EVENT_TYPES), channelList),
  emailDigestMinutes: z.number().int(),
  effective: z.record(z.enum(FEED_EVENT_TYPES), channelList),
  updatedAt: z.string().nullable(),
});
