import { DOCUMENT_KINDS } from '../../documents/document-name.js';
import { modelFor } from '../../documents/models.js';
import type { Queryable } from '../../platform/db/database.js';
import { type AuthoredCollection, type CreationEvent, PERSONAL_SECTIONS, readAuthoredEntries } from '../../storage/personal-data.js';

/**
 * Collections whose entries record their author, as the models declare it (`access.authorField`):
 * kanban comments, annotation threads and replies, pipeline feedback and asset links…
 */
export function authoredCollections(): AuthoredCollection[] {
  return DOCUMENT_KINDS.flatMap((kind) =>
    modelFor(kind).collections.flatMap((collection) => (collection.access?.kind === 'authored' ? [{ kind, collection: collection.name, authorField: collection.access.authorField }] : [])),
  );
}

/** Entries without an author field whose maker the change feed names: cards and calendar events. */
export const CREATION_EVENTS: readonly CreationEvent[] = [
  { type: 'task.created', collection: 'cards' },
  { type: 'event.scheduled', collection: 'events' },
];

/** One JSON file of an export (or one section erasure will walk). */
export interface PersonalFile {
  name: string;
  rows: Record<string, unknown>[];
}

/** Everything stored about the person, section by section (files of uploads are listed in `uploads`, read separately). */
export async function* collectPersonalData(db: Queryable, userId: string): AsyncGenerator<PersonalFile> {
  for (const section of PERSONAL_SECTIONS) yield { name: section.name, rows: await section.read(db, userId) };
  yield { name: 'document-entries', rows: await readAuthoredEntries(db, userId, authoredCollections(), CREATION_EVENTS) };
}

/** How many files `collectPersonalData` yields, for progress. */
export const PERSONAL_FILE_COUNT = PERSONAL_SECTIONS.length + 1;
