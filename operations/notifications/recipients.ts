import type { Queryable } from '../../platform/db/database.js';
import type { StoredEvent } from '../../storage/change-feed.js';
import { getEntry } from '../../storage/entry-queries.js';
import { integrationManagers } from '../deliveries/integration-broken.js';
import { requestPeople } from '../requests/request-recipients.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/** Who is concerned by an event, before filtering: the people on the item (assignees, the thread's author and repliers). */
async function concerned(db: Queryable, event: StoredEvent): Promise<string[]> {
  const { documentName } = event;
  const entry = async (collection: string) => (documentName === null ? null : getEntry(db, documentName, collection, event.entryId));
  switch (event.type) {
    case 'task.assigned':
    case 'task.unassigned':
      return strings(event.data.assignee);
    case 'task.created':
    case 'task.moved':
    case 'task.due-changed':
    case 'task.commented':
    case 'task.archived':
      return strings((await entry('cards'))?.data.assignees);
    case 'event.scheduled':
    case 'event.rescheduled':
    case 'event.cancelled':
      return strings((await entry('events'))?.data.assigneeId);
    case 'event.conflicting': {
      // Whoever is assigned to either event of the clash.
      const other = (event.data.with as { eventId?: unknown } | undefined)?.eventId;
      const partner = documentName !== null && typeof other === 'string' ? await getEntry(db, documentName, 'events', other) : null;
      return [...strings((await entry('events'))?.data.assigneeId), ...strings(partner?.data.assigneeId)];
    }
    case 'item.stage-changed':
    case 'item.feedback-added':
      return strings((await entry('items'))?.data.assigneeId);
    case 'thread.replied':
    case 'thread.resolved': {
      const thread = await entry('threads');
      const { rows } = await db.query<{ author: string }>(
        `SELECT DISTINCT data->>'authorId' AS author FROM document_entries WHERE document_name = $1 AND collection = 'replies' AND data->>'threadId' = $2`,
        [event.documentName, event.entryId],
      );
      return [...strings(thread?.data.authorId), ...rows.map((row) => row.author)];
    }
    case 'thread.opened':
      return [];
    case 'request.created':
    case 'request.status-changed':
    case 'request.assigned':
    case 'request.commented':
      return requestPeople(db, event);
    case 'integration.broken':
      return integrationManagers(db, event.projectId);
  }
}

/**
 * The people to notify of an event: those concerned who are members of its project now, never
 * the person who did it (whoever edits something does not need telling).
 */
export async function recipientsOf(db: Queryable, event: StoredEvent): Promise<string[]> {
  const candidates = [...new Set(await concerned(db, event))].filter((id) => `user:${id}` !== event.actor);
  if (candidates.length === 0) return [];
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT m.user_id FROM project_members m WHERE m.project_id = $1 AND m.user_id::text = ANY($2::text[])`,
    [event.projectId, candidates],
  );
  return rows.map((row) => row.user_id);
}
