import { normalizedUuid } from '../../identity/projects.js';
import { type ProjectAction, type ProjectRole, can } from '../../identity/roles.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';

export interface ProjectAccess {
  /** The project's id as stored (lower case). */
  projectId: string;
  role: ProjectRole;
}

/**
 * Where every project operation starts, whoever calls it: the caller's role in the project, and
 * whether it allows `need` (the role table answers, never a role string). Not a member, no such
 * project and not an id at all are one answer, so ids of other people's projects reveal nothing.
 */
export async function requireProjectRole(caller: Caller, projectId: string, need?: ProjectAction): Promise<Outcome<ProjectAccess>> {
  const id = normalizedUuid(projectId);
  const role = id ? await caller.roleIn(id) : null;
  if (!id || !role) return fail('NOT_FOUND', 'No such project.');
  if (need && !can(role, need)) return fail('FORBIDDEN', `Your role in this project does not allow ${need}.`);
  return ok({ projectId: id, role });
}
