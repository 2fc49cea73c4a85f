import type { FeedEventType } from '../../documents/feed-event-types.js';
import { loadPreferences } from '../../storage/notification-preferences.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type NotificationChannel, type NotificationPreferences, NO_PREFERENCES, digestMinutesOf, effectiveChannels, preferencesFromStored } from './preferences.js';

/** A person's notification preferences for one project: what they chose, and what that makes of every event type. */
export interface PreferencesView {
  projectId: string;
  groups: NotificationPreferences['groups'];
  types: NotificationPreferences['types'];
  /** Minutes email gathers into one digest (the default when they never chose). */
  emailDigestMinutes: number;
  /** Every event type and the channels that carry it to them, defaults included. */
  effective: Record<FeedEventType, NotificationChannel[]>;
  /** When they last chose; null: everything is the default. */
  updatedAt: string | null;
}

export const NOT_A_PERSON = 'Notification preferences are a person’s: sign in, an API key has none.';

export function toPreferencesView(projectId: string, preferences: NotificationPreferences, updatedAt: Date | null): PreferencesView {
  return {
    projectId,
    groups: preferences.groups,
    types: preferences.types,
    emailDigestMinutes: digestMinutesOf(preferences),
    effective: effectiveChannels(preferences),
    updatedAt: updatedAt?.toISOString() ?? null,
  };
}

/** The caller's preferences in a project they are a member of (any role: everyone has an inbox). */
export async function getPreferences(deps: OperationDeps, caller: Caller, projectId: string): Promise<Outcome<PreferencesView>> {
  if (caller.principal.type !== 'user') return fail('FORBIDDEN', NOT_A_PERSON);
  const access = await requireProjectRole(caller, projectId);
  if (!access.ok) return access;
  const [stored] = await loadPreferences(deps.db, access.value.projectId, [caller.principal.user.id]);
  return ok(toPreferencesView(access.value.projectId, stored ? preferencesFromStored(stored) : NO_PREFERENCES, stored?.updatedAt ?? null));
}
