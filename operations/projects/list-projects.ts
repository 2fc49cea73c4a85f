import { getProject, listProjectsForUser } from '../../identity/projects.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import type { ProjectWithRole } from './get-project.js';

export interface ProjectPage {
  projects: ProjectWithRole[];
  /** Every project the caller has, not just this page's. */
  total: number;
}

/** The caller's projects, newest first: a person's memberships; an API key sees its own project and no other. */
export async function listProjects(deps: OperationDeps, caller: Caller, page: { limit: number; offset: number }): Promise<Outcome<ProjectPage>> {
  const { principal } = caller;
  if (principal.type === 'apiKey') {
    const project = await getProject(deps.db, principal.projectId);
    const own = project ? [{ ...project, role: principal.role }] : [];
    // At most one project: the first page holds it, later pages are empty, the total stays.
    return ok({ projects: page.offset === 0 ? own : [], total: own.length });
  }
  return ok(await listProjectsForUser(deps.db, principal.user.id, page));
}
