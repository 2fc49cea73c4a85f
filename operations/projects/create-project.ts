import { recordAudit } from '../../identity/audit.js';
import { createProject as insertProject } from '../../identity/projects.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from './audit-actor.js';
import type { ProjectWithRole } from './get-project.js';

export interface CreateProjectInput extends AuditOrigin {
  name: string;
  description: string;
}

/** Creates a project whose first owner is the caller: a person, since an API key already belongs to a project of its own. */
export async function createProject(deps: OperationDeps, caller: Caller, input: CreateProjectInput): Promise<Outcome<ProjectWithRole>> {
  const { principal } = caller;
  if (principal.type !== 'user') return fail('FORBIDDEN', 'Projects are created by a signed-in person, not by an API key.');
  const project = await deps.db.transaction(async (tx) => {
    const created = await insertProject(tx, { name: input.name, description: input.description, createdBy: principal.user.id });
    await recordAudit(tx, { action: 'project.created', projectId: created.id, ...auditActorOf(principal), target: created.id, ip: input.ip });
    return created;
  });
  return ok({ ...project, role: 'owner' });
}
