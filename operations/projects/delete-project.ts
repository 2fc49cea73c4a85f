import { recordAudit } from '../../identity/audit.js';
import { deleteProject as softDeleteProject } from '../../identity/projects.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from './audit-actor.js';
import { requireProjectRole } from './require-project-role.js';

/**
 * Deletes a project (softly: its history stays for the audit log). Open connections to its
 * documents close: the event goes out after the commit, so their re-check finds it gone. A
 * delete that lost a race to another one writes no second audit record.
 */
export async function deleteProject(deps: OperationDeps, caller: Caller, input: { projectId: string } & AuditOrigin): Promise<Outcome<{ id: string; deleted: true }>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.delete');
  if (!access.ok) return access;
  const { projectId } = access.value;
  await deps.db.transaction(async (tx) => {
    if (await softDeleteProject(tx, projectId)) await recordAudit(tx, { action: 'project.deleted', projectId, ...auditActorOf(caller.principal), target: projectId, ip: input.ip });
  });
  deps.events.emit({ type: 'projectDeleted', projectId });
  return ok({ id: projectId, deleted: true });
}
