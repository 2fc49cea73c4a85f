import type { Principal } from '../../identity/verifier.js';
import type { Queryable } from '../../platform/db/database.js';
import { actorNames, nameOf } from '../../storage/actor-names.js';
import type { EventsWritten } from '../../storage/document-log.js';
import type { StoredRequestComment } from '../../storage/request-comments.js';
import type { Attachment, RequestPriority, RequestStatus, RequestType, StoredRequest } from '../../storage/requests.js';
import type { OperationDeps } from '../dependencies.js';
import { type FigmaCard, parseFigmaUrl } from './figma-link.js';
import { allowedTransitions } from './workflow.js';

/** Request operations write events outside documents: they hand them to delivery in their own transaction. */
export interface RequestDeps extends OperationDeps {
  publishEvents: EventsWritten;
}

/** Someone a request names: their public id (a user's id, or `api-key:<id>`) and display name. */
export interface Person {
  id: string;
  name: string;
}

export interface Request {
  id: string;
  projectId: string;
  type: RequestType;
  title: string;
  description: string;
  status: RequestStatus;
  priority: RequestPriority;
  requester: Person;
  assignee: Person | null;
  figma: FigmaCard | null;
  attachments: Attachment[];
  /** Name it in a PUT: a change made meanwhile makes the PUT a 409. */
  version: number;
  /** Where the status may go next. */
  allowedTransitions: RequestStatus[];
  /** The web client's address of the request, relative to the public URL. */
  linkPath: string;
  createdAt: string;
  updatedAt: string;
}

export interface RequestComment {
  id: string;
  requestId: string;
  author: Person;
  body: string;
  createdAt: string;
}

/** How the change feed names whoever acts: 'user:<uuid>' or 'key:<uuid>'. */
export function actorOf(principal: Principal): string {
  return principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`;
}

/** An actor as other people see them (publicIdOf's form). */
function publicIdOfActor(actor: string): string {
  const [kind, id = ''] = actor.split(':');
  return kind === 'key' ? `api-key:${id}` : id;
}

export function requestLinkPath(projectId: string, requestId: string): string {
  return `/#/p/${projectId}/requests/${requestId}`;
}

const person = (names: ReadonlyMap<string, string>, actor: string): Person => ({ id: publicIdOfActor(actor), name: nameOf(names, actor) });

/** The people a set of requests and comments name, looked up at once. */
export function namesFor(db: Queryable, requests: readonly StoredRequest[], comments: readonly StoredRequestComment[] = []): Promise<Map<string, string>> {
  return actorNames(db, [...requests.flatMap((r) => [r.requester, ...(r.assigneeId ? [`user:${r.assigneeId}`] : [])]), ...comments.map((c) => c.author)]);
}

export function toRequest(stored: StoredRequest, names: ReadonlyMap<string, string>): Request {
  const figma = stored.figmaUrl ? parseFigmaUrl(stored.figmaUrl) : null;
  return {
    id: stored.id,
    projectId: stored.projectId,
    type: stored.type,
    title: stored.title,
    description: stored.description,
    status: stored.status,
    priority: stored.priority,
    requester: person(names, stored.requester),
    assignee: stored.assigneeId ? person(names, `user:${stored.assigneeId}`) : null,
    figma: figma?.ok ? figma.card : null,
    attachments: stored.attachments,
    version: stored.version,
    allowedTransitions: [...allowedTransitions(stored.status)],
    linkPath: requestLinkPath(stored.projectId, stored.id),
    createdAt: stored.createdAt.toISOString(),
    updatedAt: stored.updatedAt.toISOString(),
  };
}

export function toRequestComment(stored: StoredRequestComment, names: ReadonlyMap<string, string>): RequestComment {
  return { id: stored.id, requestId: stored.requestId, author: person(names, stored.author), body: stored.body, createdAt: stored.createdAt.toISOString() };
}

/** One request as its readers see it, names looked up. */
export async function presentRequest(db: Queryable, stored: StoredRequest): Promise<Request> {
  return toRequest(stored, await namesFor(db, [stored]));
}
