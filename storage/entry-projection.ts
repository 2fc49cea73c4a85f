import { type ChangeEvent, eventsOf } from '../documents/change-events.js';
import { parseDocumentName } from '../documents/document-name.js';
import { type EntryChange, entryEtag } from '../documents/projection.js';
import type { Queryable } from '../platform/db/database.js';
import type { EventChange } from '../documents/calendar/conflict-events.js';
import { calendarConflictEvents } from './calendar-conflicts.js';

/** A document's entry changes, in the order they happened. */
export interface ProjectedChanges {
  name: string;
  changes: readonly EntryChange[];
  /** Who made them ('user:…', 'key:…', 'server'); without one (a seed, a rebuild) no events are told. */
  actor?: string | undefined;
}

/** An event of the change feed, with where it happened and who did it. */
export interface FeedEvent extends ChangeEvent {
  documentName: string;
  projectId: string;
  kind: string;
  actor: string;
}

const keyOf = (name: string, collection: string, id: string) => `${name}\u0000${collection}\u0000${id}`;

/**
 * Applies entry changes to the projection (inside the log's transaction) and returns the events
 * they make: each change is compared with the entry's state before it (the projection as
 * committed, then the batch's earlier changes). The last change of each entry in the batch wins,
 * upserted or deleted with two array statements whatever the batch size.
 */
export async function writeEntryChanges(tx: Queryable, batches: readonly ProjectedChanges[]): Promise<FeedEvent[]> {
  const last = new Map<string, { name: string; change: EntryChange }>();
  for (const { name, changes } of batches) for (const change of changes) last.set(keyOf(name, change.collection, change.id), { name, change });
  if (last.size === 0) return [];
  const events = await eventsOfBatches(tx, batches, last);
  const upserts = [...last.values()].filter(({ change }) => change.data !== null);
  const deletes = [...last.values()].filter(({ change }) => change.data === null);
  if (upserts.length > 0) {
    const names = upserts.map(({ name }) => parseDocumentName(name));
    await tx.query(
      `INSERT INTO document_entries (document_name, project_id, kind, collection, entry_id, data, etag)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
       ON CONFLICT (document_name, collection, entry_id) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, updated_at = now()`,
      [
        upserts.map(({ name }) => name),
        names.map((parsed) => (parsed.ok ? parsed.value.projectId : null)),
        names.map((parsed) => (parsed.ok ? parsed.value.kind : null)),
        upserts.map(({ change }) => change.collection),
        upserts.map(({ change }) => change.id),
        upserts.map(({ change }) => JSON.stringify(change.data)),
        upserts.map(({ change }) => entryEtag(change.data)),
      ],
    );
  }
  if (deletes.length > 0) {
    await tx.query(
      `DELETE FROM document_entries e USING unnest($1::text[], $2::text[], $3::text[]) AS d(name, collection, id)
       WHERE e.document_name = d.name AND e.collection = d.collection AND e.entry_id = d.id`,
      [deletes.map(({ name }) => name), deletes.map(({ change }) => change.collection), deletes.map(({ change }) => change.id)],
    );
  }
  return events;
}

/** The events of the batch's changes, against the entries' committed state (read once for the whole batch). */
async function eventsOfBatches(tx: Queryable, batches: readonly ProjectedChanges[], touched: Map<string, { name: string; change: EntryChange }>): Promise<FeedEvent[]> {
  if (!batches.some((batch) => batch.actor !== undefined && batch.changes.length > 0)) return [];
  const targets = [...touched.values()];
  const { rows } = await tx.query<{ document_name: string; collection: string; entry_id: string; data: Record<string, unknown> }>(
    `SELECT e.document_name, e.collection, e.entry_id, e.data FROM document_entries e
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS t(name, collection, id) ON e.document_name = t.name AND e.collection = t.collection AND e.entry_id = t.id`,
    [targets.map(({ name }) => name), targets.map(({ change }) => change.collection), targets.map(({ change }) => change.id)],
  );
  const state = new Map<string, Record<string, unknown> | null>(rows.map((row) => [keyOf(row.document_name, row.collection, row.entry_id), row.data]));
  const events: FeedEvent[] = [];
  for (const { name, changes, actor } of batches) {
    const parsed = parseDocumentName(name);
    if (!parsed.ok) continue;
    // A calendar's clashes are between events, so they are judged once the batch's changes are all in.
    const calendarChanges = new Map<string, EventChange>();
    for (const change of changes) {
      const key = keyOf(name, change.collection, change.id);
      if (actor !== undefined) {
        for (const event of eventsOf(parsed.value.kind, change.collection, state.get(key) ?? null, change.data)) {
          events.push({ ...event, documentName: name, projectId: parsed.value.projectId, kind: parsed.value.kind, actor });
        }
        if (parsed.value.kind === 'calendar' && change.collection === 'events') {
          const first = calendarChanges.get(change.id);
          calendarChanges.set(change.id, { id: change.id, before: first ? first.before : (state.get(key) ?? null), after: change.data });
        }
      }
      state.set(key, change.data);
    }
    if (actor !== undefined && calendarChanges.size > 0) {
      // This commit's newer states of the calendar's events (earlier batches), by entry id.
      const prefix = keyOf(name, 'events', '');
      const pending = new Map<string, Record<string, unknown> | null>();
      for (const [key, data] of state) if (key.startsWith(prefix)) pending.set(key.slice(prefix.length), data);
      for (const event of await calendarConflictEvents(tx, name, [...calendarChanges.values()], pending)) {
        events.push({ ...event, documentName: name, projectId: parsed.value.projectId, kind: parsed.value.kind, actor });
      }
    }
  }
  return events;
}

/** Replaces a document's whole projection (a rebuild from its Yjs state) and records the projection version it follows. */
export async function replaceProjection(tx: Queryable, name: string, entries: readonly EntryChange[], version: number): Promise<void> {
  await tx.query('DELETE FROM document_entries WHERE document_name = $1', [name]);
  await writeEntryChanges(tx, [{ name, changes: entries }]);
  await tx.query('UPDATE documents SET projection_version = $2 WHERE name = $1', [name, version]);
}

export async function projectionVersionOf(db: Queryable, name: string): Promise<number | null> {
  const { rows } = await db.query<{ projection_version: number }>('SELECT projection_version FROM documents WHERE name = $1', [name]);
  return rows[0]?.projection_version ?? null;
}

/** Documents whose projection is behind `version` (oldest first), for the background rebuild. */
export async function documentsBehind(db: Queryable, version: number, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM documents WHERE projection_version < $1 ORDER BY created_at LIMIT $2', [version, limit]);
  return rows.map((row) => row.name);
}
