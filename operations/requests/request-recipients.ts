import type { Queryable } from '../../platform/db/database.js';
import type { StoredEvent } from '../../storage/change-feed.js';
import { getRequest } from '../../storage/requests.js';

const userOf = (actor: string): string[] => (actor.startsWith('user:') ? [actor.slice('user:'.length)] : []);
const text = (value: unknown): string[] => (typeof value === 'string' && value ? [value] : []);

/**
 * Who a request event concerns, before the usual filtering (members only, never the actor): the
 * new assignee of an assignment; for a new request its assignee; for a status change or a comment
 * the requester and the assignee (as they are now).
 */
export async function requestPeople(db: Queryable, event: StoredEvent): Promise<string[]> {
  switch (event.type) {
    case 'request.assigned':
    case 'request.created':
      return text(event.data.assignee);
    default: {
      const request = await getRequest(db, event.entryId);
      return request ? [...userOf(request.requester), ...(request.assigneeId ? [request.assigneeId] : [])] : [];
    }
  }
}
