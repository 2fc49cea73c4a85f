import { recordAudit } from '../../identity/audit.js';
import type { Database } from '../../platform/db/database.js';
import { readRetention, writeRetention } from '../../storage/project-retention.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { retentionView } from './get-retention.js';
import { RETENTION_BOUNDS, type RetentionDefaults, type RetentionKind, type RetentionView } from './retention.js';

export type RetentionChange = Partial<Record<RetentionKind, number | null>>;

/**
 * Changes a project's retention (owners and admins): each kind given is set (null: back to the
 * default), the others kept. Out of bounds answers 422 naming each field; the change and its audit
 * record are one transaction. The daily job applies it.
 */
export async function updateRetention(deps: { db: Database; defaults: RetentionDefaults }, caller: Caller, input: { projectId: string; change: RetentionChange } & AuditOrigin): Promise<Outcome<RetentionView>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.update');
  if (!access.ok) return access;
  const issues = Object.entries(input.change).flatMap(([field, days]) => {
    const bounds = RETENTION_BOUNDS[field as RetentionKind];
    return days !== null && days !== undefined && (days < bounds.min || days > bounds.max) ? [{ path: [field], message: `must be between ${bounds.min} and ${bounds.max} days (or null for the default)` }] : [];
  });
  if (issues.length > 0) return fail('VALIDATION_FAILED', 'Retention out of bounds.', issues);
  const { projectId } = access.value;
  return deps.db.transaction(async (tx) => {
    const before = await readRetention(tx, projectId);
    const next = {
      auditDays: input.change.auditDays !== undefined ? input.change.auditDays : before.auditDays,
      notificationDays: input.change.notificationDays !== undefined ? input.change.notificationDays : before.notificationDays,
      analyticsRawDays: input.change.analyticsRawDays !== undefined ? input.change.analyticsRawDays : before.analyticsRawDays,
    };
    const actor = auditActorOf(caller.principal);
    const stored = await writeRetention(tx, projectId, next, actor.actorUserId);
    const from = { auditDays: before.auditDays, notificationDays: before.notificationDays, analyticsRawDays: before.analyticsRawDays };
    await recordAudit(tx, { action: 'project.retention_updated', projectId, ...actor, target: projectId, details: { from, to: next }, ip: input.ip ?? null });
    return ok(retentionView(stored, deps.defaults));
  });
}
