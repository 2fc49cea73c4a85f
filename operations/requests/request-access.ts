import { normalizedUuid } from '../../identity/projects.js';
import { type ProjectAction, type ProjectRole, can } from '../../identity/roles.js';
import type { Queryable } from '../../platform/db/database.js';
import { type StoredRequest, getRequest } from '../../storage/requests.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';

const NOT_FOUND = 'No such request.';

/**
 * A request and the caller's role in its project. No such request, a malformed id and a request
 * of a project the caller is not a member of are one answer (404), so ids reveal nothing; a
 * member whose role does not allow `need` gets 403.
 */
export async function requestFor(db: Queryable, caller: Caller, id: string, need: ProjectAction): Promise<Outcome<{ request: StoredRequest; role: ProjectRole }>> {
  const requestId = normalizedUuid(id);
  const request = requestId ? await getRequest(db, requestId) : null;
  const role = request ? await caller.roleIn(request.projectId) : null;
  if (!request || !role) return fail('NOT_FOUND', NOT_FOUND);
  if (!can(role, need)) return fail('FORBIDDEN', `Your role in this project does not allow ${need}.`);
  return ok({ request, role });
}
