import { recordAudit } from '../../identity/audit.js';
import { updateProject as writeProject } from '../../identity/projects.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from './audit-actor.js';
import type { ProjectWithRole } from './get-project.js';
import { requireProjectRole } from './require-project-role.js';

export interface UpdateProjectInput extends AuditOrigin {
  projectId: string;
  /** Absent: left as it is. */
  name?: string | undefined;
  description?: string | undefined;
}

/** Renames or describes a project; the audit record names what was asked for. */
export async function updateProject(deps: OperationDeps, caller: Caller, input: UpdateProjectInput): Promise<Outcome<ProjectWithRole>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.update');
  if (!access.ok) return access;
  const { projectId, role } = access.value;
  const changes = { name: input.name, description: input.description };
  const project = await deps.db.transaction(async (tx) => {
    const updated = await writeProject(tx, projectId, changes);
    if (updated) await recordAudit(tx, { action: 'project.updated', projectId, ...auditActorOf(caller.principal), target: projectId, details: changes, ip: input.ip });
    return updated;
  });
  // Deleted meanwhile: nothing was written.
  if (!project) return fail('NOT_FOUND', 'No such project.');
  return ok({ ...project, role });
}
