import type { Queryable } from '../../../platform/db/database.js';
import { actorNames, nameOf } from '../../../storage/actor-names.js';
import type { Outgoing } from '../channel.js';

/**
 * What a message (chat or email) needs to say who did what to which item, looked up once per
 * batch. People are named by their display names only: a message leaves the studio (a Discord
 * channel, someone's inbox), and must never give out a member's email address.
 */
export interface EventNames {
  /** `user:<id>` → the person's name ("Someone" without one); `key:<id>` → "API key <name>"; `server` → "Studio". */
  actor(actor: string): string;
  /** A person named in an event (an assignee, an author), by user id. */
  person(userId: string): string;
  /** A document's title (its id when it has none any more). */
  document(documentName: string): string;
  project(projectId: string): string;
  /** An entry's title (a column, a card, a pipeline item), or null when it is not known. */
  entry(documentName: string, collection: string, entryId: string): string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const key = (...parts: string[]) => parts.join('\u0000');

/** The event's document name (`<kind>:<projectId>:<id>`), or null for an event outside documents (a request). */
export function documentNameOf({ event }: Outgoing): string | null {
  return event.documentId === null ? null : `${event.kind}:${event.projectId}:${event.documentId}`;
}

/** The id of the entry an event is about, inside its document. */
export const entryIdOf = ({ event }: Outgoing): string => (event.documentId === null ? event.itemId : (event.itemId.split('.')[2] ?? ''));

/** The entries a batch's messages mention by id: columns of moves, the card of a comment, the item of feedback. */
function entriesOf(item: Outgoing, documentName: string): [string, string, string][] {
  const { event } = item;
  const found: [string, string, string][] = [];
  const add = (collection: string, id: unknown) => {
    const value = text(id);
    if (value) found.push([documentName, collection, value]);
  };
  if (event.type === 'task.moved') (add('columns', event.data.from), add('columns', event.data.to));
  if (event.type === 'task.created') add('columns', event.data.columnId);
  if (event.type === 'task.commented') add('cards', entryIdOf(item));
  if (event.type === 'item.feedback-added') add('items', entryIdOf(item));
  return found;
}

/** People an event names besides its actor. */
function peopleOf({ event }: Outgoing): string[] {
  return [event.data.assignee, event.data.authorId, event.data.by].map(text).filter((id): id is string => id !== null);
}

/** A few small queries for the whole batch, however large: actors and people, projects, documents, entries. */
export async function loadEventNames(db: Queryable, batch: readonly Outgoing[]): Promise<EventNames> {
  const actors = new Set<string>();
  const projects = new Set<string>();
  const documents = new Set<string>();
  const entries = new Map<string, [string, string, string]>();
  for (const item of batch) {
    actors.add(item.event.actor);
    for (const person of peopleOf(item)) actors.add(`user:${person}`);
    projects.add(item.event.projectId);
    const documentName = documentNameOf(item);
    if (!documentName) continue;
    documents.add(documentName);
    for (const entry of entriesOf(item, documentName)) entries.set(key(...entry), entry);
  }
  // One after the other: `db` may be a transaction, or PGlite's single connection.
  const people = await actorNames(db, actors, { emails: false });
  const projectNames = await db.query<{ id: string; name: string }>('SELECT id::text AS id, name FROM projects WHERE id::text = ANY($1::text[])', [[...projects]]);
  const titles = documents.size ? await db.query<{ name: string; title: string }>('SELECT name, title FROM documents WHERE name = ANY($1::text[])', [[...documents]]) : { rows: [] };
  const wanted = [...entries.values()];
  const entryTitles = wanted.length
    ? await db.query<{ document_name: string; collection: string; entry_id: string; title: string | null }>(
        `SELECT e.document_name, e.collection, e.entry_id, e.data->>'title' AS title
         FROM document_entries e JOIN unnest($1::text[], $2::text[], $3::text[]) AS w(document_name, collection, entry_id)
           ON e.document_name = w.document_name AND e.collection = w.collection AND e.entry_id = w.entry_id`,
        [wanted.map((e) => e[0]), wanted.map((e) => e[1]), wanted.map((e) => e[2])],
      )
    : { rows: [] };
  const projectTitles = new Map(projectNames.rows.map((row) => [row.id, row.name]));
  const documentTitles = new Map(titles.rows.map((row) => [row.name, row.title]));
  const entryNames = new Map(entryTitles.rows.filter((row) => text(row.title)).map((row) => [key(row.document_name, row.collection, row.entry_id), row.title!]));
  return {
    actor: (actor) => nameOf(people, actor),
    person: (userId) => (people.has(`user:${userId}`) ? nameOf(people, `user:${userId}`) : 'someone'),
    document: (documentName) => documentTitles.get(documentName) || documentName.split(':')[2] || documentName,
    project: (projectId) => projectTitles.get(projectId) || 'the project',
    entry: (documentName, collection, entryId) => entryNames.get(key(documentName, collection, entryId)) ?? null,
  };
}
