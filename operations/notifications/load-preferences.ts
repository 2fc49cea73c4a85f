import type { Queryable } from '../../platform/db/database.js';
import { loadPreferences } from '../../storage/notification-preferences.js';
import { type NotificationChannel, type NotificationPreferences, preferencesFromStored, wants } from './preferences.js';

/** The preferences of some people in one project, by user id; people who never chose are absent (defaults). */
export async function preferencesOf(db: Queryable, projectId: string, userIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
  return new Map((await loadPreferences(db, projectId, userIds)).map((stored) => [stored.userId, preferencesFromStored(stored)]));
}

/** Of `userIds` (members of the event's project), those whose preferences send `type` through `channel`. */
export async function whoWants(db: Queryable, event: { projectId: string; type: string }, userIds: readonly string[], channel: NotificationChannel): Promise<string[]> {
  if (userIds.length === 0) return [];
  const preferences = await preferencesOf(db, event.projectId, userIds);
  return userIds.filter((id) => wants(preferences.get(id), event.type, channel));
}
