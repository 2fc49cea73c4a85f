import { type Project, getProject as findProject } from '../../identity/projects.js';
import type { ProjectRole } from '../../identity/roles.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from './require-project-role.js';

/** A project as its members see it: with their own role in it. */
export type ProjectWithRole = Project & { role: ProjectRole };

export async function getProject(deps: OperationDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<ProjectWithRole>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.read');
  if (!access.ok) return access;
  const project = await findProject(deps.db, access.value.projectId);
  // Deleted between the role look-up and this read.
  if (!project) return fail('NOT_FOUND', 'No such project.');
  return ok({ ...project, role: access.value.role });
}
