import { can } from '../../identity/roles.js';
import { AppError } from '../../platform/app-error.js';
import { type RequestChanges, type StoredRequest, getRequest, updateRequest as writeChanges } from '../../storage/requests.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type Request, type RequestDeps, actorOf, namesFor, presentRequest, toRequest } from './request.js';
import { requestFor } from './request-access.js';
import { checkAssignee, checkFigmaUrl } from './request-checks.js';
import { type RequestHappening, recordRequestEvents } from './request-feed.js';
import { allowedTransitions, canTransition } from './workflow.js';

export type RequestUpdate = RequestChanges & {
  /** The version the caller read: another change since then makes this a 409. */
  version: number;
};

/** The fields that actually change (a PUT may repeat what is there). */
function changesOf(current: StoredRequest, input: RequestChanges): RequestChanges {
  const changes: RequestChanges = {};
  for (const key of Object.keys(input) as (keyof RequestChanges)[]) {
    const value = input[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) continue;
    Object.assign(changes, { [key]: value });
  }
  return changes;
}

/**
 * Changes a request. Editors and above change anything; the requester may still edit what they
 * asked (title, description, type, priority, links) but not its status or assignee. The status
 * moves only along the workflow (409 INVALID_TRANSITION); a stale `version` is 409
 * VERSION_CONFLICT with the current request. The change and its events commit together.
 */
export async function updateRequest(deps: RequestDeps, caller: Caller, id: string, input: RequestUpdate): Promise<Outcome<Request>> {
  const access = await requestFor(deps.db, caller, id, 'annotations.write');
  if (!access.ok) return access;
  const { request: read, role } = access.value;
  const actor = actorOf(caller.principal);
  const { version, ...fields } = input;
  const manages = can(role, 'documents.write');
  const wants = changesOf(read, fields);
  if (!manages && (wants.status !== undefined || wants.assigneeId !== undefined)) return fail('FORBIDDEN', 'Only editors and above change a request’s status or assignee.');
  if (!manages && read.requester !== actor) return fail('FORBIDDEN', 'Only editors and above, or whoever raised it, change a request.');
  const refused = checkFigmaUrl(fields.figmaUrl) ?? (await checkAssignee(deps.db, read.projectId, fields.assigneeId));
  if (refused) return refused;

  const outcome = await deps.db.transaction(async (tx): Promise<Outcome<StoredRequest>> => {
    const current = await getRequest(tx, read.id, { forUpdate: true });
    if (!current) return fail('NOT_FOUND', 'No such request.');
    if (current.version !== version) {
      const latest = toRequest(current, await namesFor(tx, [current]));
      return { ok: false, error: new AppError('VERSION_CONFLICT', `The request changed since version ${version}; it is at version ${current.version} now.`, { version: current.version }, latest) };
    }
    const changes = changesOf(current, { ...fields, ...(fields.assigneeId ? { assigneeId: fields.assigneeId.toLowerCase() } : {}) });
    if (changes.status !== undefined && !canTransition(current.status, changes.status)) {
      const allowed = allowedTransitions(current.status);
      return fail('INVALID_TRANSITION', `A request that is ${current.status} cannot become ${changes.status}; it can become ${allowed.join(' or ')}.`, { from: current.status, to: changes.status, allowed });
    }
    if (Object.keys(changes).length === 0) return ok(current);
    const updated = await writeChanges(tx, current.id, changes);
    const happenings: RequestHappening[] = [];
    if (changes.status !== undefined) happenings.push({ type: 'request.status-changed', from: current.status, to: changes.status });
    if (changes.assigneeId) happenings.push({ type: 'request.assigned', assigneeId: changes.assigneeId });
    await recordRequestEvents(tx, deps.publishEvents, updated, actor, happenings);
    return ok(updated);
  });
  return outcome.ok ? ok(await presentRequest(deps.db, outcome.value)) : outcome;
}
