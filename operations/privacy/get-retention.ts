import type { Database } from '../../platform/db/database.js';
import { type StoredRetention, readRetention } from '../../storage/project-retention.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { RETENTION_BOUNDS, type RetentionDefaults, type RetentionView } from './retention.js';

export function retentionView(stored: StoredRetention, defaults: RetentionDefaults): RetentionView {
  const settings = { auditDays: stored.auditDays, notificationDays: stored.notificationDays, analyticsRawDays: stored.analyticsRawDays };
  return {
    projectId: stored.projectId,
    settings,
    effective: {
      auditDays: settings.auditDays ?? defaults.auditDays,
      notificationDays: settings.notificationDays ?? defaults.notificationDays,
      analyticsRawDays: settings.analyticsRawDays ?? defaults.analyticsRawDays,
    },
    defaults,
    bounds: RETENTION_BOUNDS,
    updatedAt: stored.updatedAt?.toISOString() ?? null,
  };
}

/** A project's retention, for its owners and admins (who may change it). */
export async function getRetention(deps: { db: Database; defaults: RetentionDefaults }, caller: Caller, input: { projectId: string }): Promise<Outcome<RetentionView>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.update');
  if (!access.ok) return access;
  return ok(retentionView(await readRetention(deps.db, access.value.projectId), deps.defaults));
}
