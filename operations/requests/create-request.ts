import type { Attachment, RequestPriority, RequestType } from '../../storage/requests.js';
import { insertRequest } from '../../storage/requests.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type Request, type RequestDeps, actorOf, presentRequest } from './request.js';
import { checkAssignee, checkFigmaUrl } from './request-checks.js';
import { recordRequestEvents } from './request-feed.js';

export interface NewRequestInput {
  projectId: string;
  type: RequestType;
  title: string;
  description?: string | undefined;
  priority?: RequestPriority | undefined;
  assigneeId?: string | null | undefined;
  figmaUrl?: string | null | undefined;
  attachments?: Attachment[] | undefined;
}

/**
 * Raises a request in the caller's name. Anyone who may comment in the project may ask (a
 * request is feedback that wants work done); the row and its `request.created` event (which
 * opens a JIRA issue and posts to chat through the project's integrations) commit together.
 */
export async function createRequest(deps: RequestDeps, caller: Caller, input: NewRequestInput): Promise<Outcome<Request>> {
  const access = await requireProjectRole(caller, input.projectId, 'annotations.write');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const refused = checkFigmaUrl(input.figmaUrl) ?? (await checkAssignee(deps.db, projectId, input.assigneeId));
  if (refused) return refused;
  const actor = actorOf(caller.principal);
  const stored = await deps.db.transaction(async (tx) => {
    const request = await insertRequest(tx, {
      projectId,
      type: input.type,
      title: input.title,
      description: input.description ?? '',
      priority: input.priority ?? 'medium',
      requester: actor,
      assigneeId: input.assigneeId?.toLowerCase() ?? null,
      figmaUrl: input.figmaUrl || null,
      attachments: input.attachments ?? [],
    });
    await recordRequestEvents(tx, deps.publishEvents, request, actor, [{ type: 'request.created' }]);
    return request;
  });
  return ok(await presentRequest(deps.db, stored));
}
