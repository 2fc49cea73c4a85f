import { insertRequestComment } from '../../storage/request-comments.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { type RequestComment, type RequestDeps, actorOf, namesFor, toRequestComment } from './request.js';
import { requestFor } from './request-access.js';
import { recordRequestEvents } from './request-feed.js';

/**
 * Comments on a request in the caller's name (commenters and above; viewers read). The comment
 * and its `request.commented` event commit together; the requester and the assignee are told,
 * never the commenter.
 */
export async function commentOnRequest(deps: RequestDeps, caller: Caller, id: string, input: { body: string }): Promise<Outcome<RequestComment>> {
  const access = await requestFor(deps.db, caller, id, 'annotations.write');
  if (!access.ok) return access;
  const { request } = access.value;
  const actor = actorOf(caller.principal);
  const comment = await deps.db.transaction(async (tx) => {
    const stored = await insertRequestComment(tx, { requestId: request.id, author: actor, body: input.body });
    await recordRequestEvents(tx, deps.publishEvents, request, actor, [{ type: 'request.commented', commentId: stored.id, body: stored.body }]);
    return stored;
  });
  return ok(toRequestComment(comment, await namesFor(deps.db, [], [comment])));
}
