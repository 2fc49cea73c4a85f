import type { Queryable } from '../../platform/db/database.js';
import { actorNames, nameOf } from '../../storage/actor-names.js';
import { type OutsideEvent, insertEvents } from '../../storage/change-feed.js';
import type { EventsWritten } from '../../storage/document-log.js';
import type { StoredRequest } from '../../storage/requests.js';
import { parseFigmaUrl } from './figma-link.js';
import { requestLinkPath } from './request.js';
import type { RequestEventType } from '../../documents/feed-event-types.js';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * What every request event carries, so a chat message, an email or a JIRA issue can be written
 * from the event alone (the request may have changed by the time it is delivered).
 */
function base(request: StoredRequest) {
  return { title: request.title, requestType: request.type, priority: request.priority, status: request.status, linkPath: requestLinkPath(request.projectId, request.id) };
}

export type RequestHappening =
  | { type: 'request.created' }
  | { type: 'request.status-changed'; from: string; to: string }
  | { type: 'request.assigned'; assigneeId: string }
  | { type: 'request.commented'; commentId: string; body: string };

/**
 * Writes a request's events in the caller's transaction (the one that changed the request) and
 * hands them to delivery in it too: the row, its events and their fan-out job commit together, or
 * none of them does.
 */
export async function recordRequestEvents(tx: Queryable, publish: EventsWritten, request: StoredRequest, actor: string, happenings: readonly RequestHappening[]): Promise<string[]> {
  if (happenings.length === 0) return [];
  const people = [actor, request.requester, ...happenings.flatMap((h) => (h.type === 'request.assigned' ? [`user:${h.assigneeId}`] : []))];
  const names = await actorNames(tx, people);
  const events: OutsideEvent[] = happenings.map((happening) => ({
    type: happening.type satisfies RequestEventType,
    entryId: request.id,
    documentName: null,
    projectId: request.projectId,
    kind: 'request',
    actor,
    data: { ...base(request), ...dataOf(request, happening, names) },
  }));
  const ids = await insertEvents(tx, events);
  await publish(tx, ids);
  return ids;
}

function dataOf(request: StoredRequest, happening: RequestHappening, names: ReadonlyMap<string, string>): Record<string, unknown> {
  switch (happening.type) {
    case 'request.created': {
      const figma = request.figmaUrl ? parseFigmaUrl(request.figmaUrl) : null;
      return {
        requester: request.requester,
        requesterName: nameOf(names, request.requester),
        assignee: request.assigneeId,
        description: clip(request.description, 2_000),
        figma: figma?.ok ? figma.card : null,
        attachments: request.attachments,
      };
    }
    case 'request.status-changed':
      return { from: happening.from, to: happening.to };
    case 'request.assigned':
      return { assignee: happening.assigneeId, assigneeName: nameOf(names, `user:${happening.assigneeId}`) };
    case 'request.commented':
      return { commentId: happening.commentId, body: clip(happening.body, 280) };
  }
}
