import { storePreferences } from '../../storage/notification-preferences.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { NOT_A_PERSON, type PreferencesView, toPreferencesView } from './get-preferences.js';
import type { NotificationPreferences } from './preferences.js';

/** Replaces the caller's preferences in a project they are a member of; what they leave out follows the defaults. */
export async function updatePreferences(deps: OperationDeps, caller: Caller, projectId: string, preferences: NotificationPreferences): Promise<Outcome<PreferencesView>> {
  if (caller.principal.type !== 'user') return fail('FORBIDDEN', NOT_A_PERSON);
  const access = await requireProjectRole(caller, projectId);
  if (!access.ok) return access;
  const stored = await storePreferences(deps.db, access.value.projectId, caller.principal.user.id, {
    channels: { groups: preferences.groups, types: preferences.types },
    emailDigestMinutes: preferences.emailDigestMinutes,
  });
  return ok(toPreferencesView(access.value.projectId, preferences, stored.updatedAt));
}
