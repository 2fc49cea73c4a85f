import type { Queryable } from '../../platform/db/database.js';
import type { StoredEvent } from '../../storage/change-feed.js';
import { type EntryRow, entryKey, getEntries, getEntry } from '../../storage/entry-queries.js';
import { integrationManagers } from '../deliveries/integration-broken.js';
import { requestPeople } from '../requests/request-recipients.js';
import { revealersOf } from '../test-accounts/rotation-notice.js';
import { hiddenFromPeople } from '../../identity/document-grants.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/** Entries already read for a batch of events, by `entryKey` (null: looked for, absent); what was not looked for is read one by one. */
type KnownEntries = ReadonlyMap<string, EntryRow | null>;

/** The entry an event's people are found on (its collection and id), or null when there is none to read. */
function entriesRead(event: StoredEvent): { collection: string; entryId: string }[] {
  if (event.documentName === null) return [];
  const [area] = event.type.split('.');
  if (area === 'task') return [{ collection: 'cards', entryId: event.entryId }];
  if (area === 'item') return [{ collection: 'items', entryId: event.entryId }];
  if (event.type === 'thread.replied' || event.type === 'thread.resolved') return [{ collection: 'threads', entryId: event.entryId }];
  if (area !== 'event') return [];
  const partner = (event.data.with as { eventId?: unknown } | undefined)?.eventId;
  return [{ collection: 'events', entryId: event.entryId }, ...(event.type === 'event.conflicting' && typeof partner === 'string' ? [{ collection: 'events', entryId: partner }] : [])];
}

/** Who is concerned by an event, before filtering: the people on the item (assignees, the thread's author and repliers). */
async function concerned(db: Queryable, event: StoredEvent, known: KnownEntries): Promise<string[]> {
  const { documentName } = event;
  const read = async (collection: string, entryId: string) => {
    if (documentName === null) return null;
    const key = entryKey(documentName, collection, entryId);
    return known.has(key) ? (known.get(key) ?? null) : getEntry(db, documentName, collection, entryId);
  };
  const entry = (collection: string) => read(collection, event.entryId);
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
      const partner = typeof other === 'string' ? await read('events', other) : null;
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
    case 'test-account.rotation-due':
      return revealersOf(db, event.projectId, strings(event.data.revealRoles));
  }
}

/**
 * The people to notify of each event: those concerned who are members of its project now and may
 * see its document, never the person who did it (whoever edits something does not need telling). For a batch: the entries
 * they are found on are read in one query, and membership in one query per project, so a burst of
 * a thousand moves costs a few queries, not thousands.
 */
export async function recipientsOfEvents(db: Queryable, events: readonly StoredEvent[]): Promise<Map<string, string[]>> {
  const wanted = events.flatMap((event) => entriesRead(event).map((entry) => ({ documentName: event.documentName!, ...entry })));
  const found = await getEntries(db, wanted);
  const known = new Map<string, EntryRow | null>(wanted.map(({ documentName, collection, entryId }) => [entryKey(documentName, collection, entryId), null]));
  for (const [key, row] of found) known.set(key, row);
  const candidates = new Map<string, string[]>();
  for (const event of events) candidates.set(event.id, [...new Set(await concerned(db, event, known))].filter((id) => `user:${id}` !== event.actor));
  const members = new Map<string, Set<string>>();
  for (const projectId of new Set(events.map((event) => event.projectId))) {
    const people = [...new Set(events.filter((event) => event.projectId === projectId).flatMap((event) => candidates.get(event.id)!))];
    if (people.length === 0) continue;
    const { rows } = await db.query<{ user_id: string }>(`SELECT m.user_id FROM project_members m WHERE m.project_id = $1 AND m.user_id::text = ANY($2::text[])`, [projectId, people]);
    members.set(projectId, new Set(rows.map((row) => row.user_id)));
  }
  // A document restricted below someone's role and hidden from them tells them nothing about itself.
  const documentNames = [...new Set(events.flatMap((event) => (event.documentName ? [event.documentName] : [])))];
  const hidden = await hiddenFromPeople(db, documentNames, [...new Set([...candidates.values()].flat())]);
  const mayHear = (event: StoredEvent, id: string) => (members.get(event.projectId)?.has(id) ?? false) && !(event.documentName && hidden.get(event.documentName)?.has(id));
  return new Map(events.map((event) => [event.id, candidates.get(event.id)!.filter((id) => mayHear(event, id))]));
}
