import { listRequestComments } from '../../storage/request-comments.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { type Request, type RequestComment, type RequestDeps, namesFor, toRequest, toRequestComment } from './request.js';
import { requestFor } from './request-access.js';

/** Comments shown with a request: the latest ones (the total says how many there are). */
const COMMENTS_SHOWN = 200;

export type RequestDetail = Request & { comments: { items: RequestComment[]; total: number } };

/** One request with its latest comments, for any member of its project. */
export async function getRequest(deps: Pick<RequestDeps, 'db'>, caller: Caller, id: string): Promise<Outcome<RequestDetail>> {
  const access = await requestFor(deps.db, caller, id, 'project.read');
  if (!access.ok) return access;
  const { request } = access.value;
  const comments = await listRequestComments(deps.db, request.id, COMMENTS_SHOWN);
  const names = await namesFor(deps.db, [request], comments.items);
  return ok({ ...toRequest(request, names), comments: { items: comments.items.map((c) => toRequestComment(c, names)), total: comments.total } });
}
