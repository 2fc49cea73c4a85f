import { type ChangeEvent, eventsOf } from '../documents/change-events.js';
import { parseDocumentName } from '../documents/document-name.js';
import { type EntryChange, entryEtag } from '../documents/projection.js';
import type { Queryable } from '../platform/db/database.js';
import type { EventChange } from '../documents/calendar/conflict-events.js';
import { calendarConflictEvents } from './calendar-conflicts.js';
import { SqlParameters } from '../platform/db/sql-parameters.js';

/** A document's entry changes, in the order they happened. */
export interface ProjectedChanges {
  name: string;
  changes: readonly EntryChange[];
  /** Who made them ('user:…', 'key:…', 'server'); without one (a seed, a rebuild) no events are told. */
  actor?: string | undefined;
  /** The document's version their writer had applied when it made them (shared documents). */
  seenVersion?: number | undefined;
}

/** An event of the change feed, with where it happened and who did it. */
export interface FeedEvent extends ChangeEvent {
  documentName: string;
  projectId: string;
  kind: string;
  actor: string;
}

const keyOf = (name: string, collection: string, id: string) => `${name}\u0000${collection}\u0000${id}`;

/** The last change of an entry in a commit, and the document it is in. */
export interface TouchedEntry {
  name: string;
  change: EntryChange;
}

/** The entries a commit's changes touch, each with its last change (the one the projection ends at). */
export function lastChangeOfEach(batches: readonly ProjectedChanges[]): Map<string, TouchedEntry> {
  const last = new Map<string, TouchedEntry>();
  for (const { name, changes } of batches) for (const change of changes) last.set(keyOf(name, change.collection, change.id), { name, change });
  return last;
}

/** The touched entries as committed, locked until the commit ends, and their documents' versions: what `mergeWritten` merges into. */
export interface LockedState {
  entries: CommittedEntry[];
  versions: ReadonlyMap<string, number>;
}

export async function lockCommitted(tx: Queryable, touched: ReadonlyMap<string, TouchedEntry>): Promise<LockedState> {
  const params = new SqlParameters();
  const { rows: entries } = await tx.query<CommittedEntry>(`${selectCommitted(inKeyOrder(touched), params)} ORDER BY t.n FOR UPDATE OF e`, params.values);
  // Read after the lock, in a statement of its own: every commit that wrote these entries has
  // committed by now, and counts. One in flight on other entries of the document does not matter.
  const names = [...new Set([...touched.values()].map(({ name }) => name))];
  const { rows } = await tx.query<{ name: string; version: string }>('SELECT name, version FROM documents WHERE name = ANY($1::text[])', [names]);
  return { entries, versions: new Map(rows.map((row) => [row.name, Number(row.version)])) };
}

/**
 * The touched entries in one order, the order every commit writes or locks them in: two commits
 * touching the same entries then wait on each other at most, never each on the other.
 */
function inKeyOrder(touched: ReadonlyMap<string, TouchedEntry>): TouchedEntry[] {
  return [...touched.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}

/**
 * The batches with each change that wrote only some fields of an entry applied to the entry's
 * committed state instead: its written fields as the change has them, every other field as
 * committed (a new entry, or one the commit made whole, is taken as the change has it). Fields
 * are independent (`written` is only given for schemas without checks of the whole entry), so the
 * result is the entry as the merged document will hold it once this instance applies the other's
 * commit, when the two wrote different fields.
 *
 * A change made with every committed version of its document applied (`seenVersion`) is taken
 * whole: its copy is the merged document's. That puts right what commit order got wrong when two
 * instances wrote the same field at once (Yjs keeps one of the two, not the later commit).
 * A change of fields by an instance that had not applied every commit, of an entry not committed,
 * writes nothing: a commit it had not seen removed the entry, and in Yjs the removal wins.
 */
export function mergeWritten(batches: readonly ProjectedChanges[], locked: LockedState): ProjectedChanges[] {
  const state = new Map<string, Record<string, unknown> | null>(locked.entries.map((row) => [keyOf(row.document_name, row.collection, row.entry_id), row.data]));
  return batches.map((batch) => {
    const version = locked.versions.get(batch.name);
    const current = batch.seenVersion !== undefined && version !== undefined && batch.seenVersion >= version;
    const behind = batch.seenVersion !== undefined && !current;
    return {
      ...batch,
      changes: batch.changes.map((change) => {
        const key = keyOf(batch.name, change.collection, change.id);
        const base = state.get(key) ?? null;
        let merged = change;
        if (!current && change.written && change.data) {
          if (base) {
            const data: Record<string, unknown> = { ...base };
            for (const field of change.written) {
              if (Object.hasOwn(change.data, field)) data[field] = change.data[field];
              else delete data[field];
            }
            merged = { ...change, data };
          } else if (behind) {
            merged = { ...change, data: null };
          }
        }
        state.set(key, merged.data);
        return merged;
      }),
    };
  });
}

/** Whether the commit's changes make events, so their entries' committed state has to be read first (`entriesBefore`). */
export const makesEvents = (batches: readonly ProjectedChanges[]) => batches.some((batch) => batch.actor !== undefined && batch.changes.length > 0);

/** An entry as committed, as `entriesBefore` reads it. */
export interface CommittedEntry {
  document_name: string;
  collection: string;
  entry_id: string;
  data: Record<string, unknown>;
}

/**
 * A common table expression named `entries_before`: the touched entries as committed. Read in the
 * statement that also writes them (`entryWrites`), it still sees them as they were: every part of
 * a statement reads the same snapshot, taken before any of its writes.
 */
export function entriesBefore(touched: ReadonlyMap<string, TouchedEntry>, params: SqlParameters): string {
  return `entries_before AS (${selectCommitted([...touched.values()], params)})`;
}

/** The committed state of `targets`; `t.n` is each one's place in `targets`. */
function selectCommitted(targets: readonly TouchedEntry[], params: SqlParameters): string {
  return `SELECT e.document_name, e.collection, e.entry_id, e.data FROM document_entries e
    JOIN unnest(${params.add(targets.map(({ name }) => name))}::text[], ${params.add(targets.map(({ change }) => change.collection))}::text[], ${params.add(targets.map(({ change }) => change.id))}::text[]) WITH ORDINALITY AS t(name, collection, id, n)
      ON e.document_name = t.name AND e.collection = t.collection AND e.entry_id = t.id`;
}

/**
 * Common table expressions that upsert or delete each touched entry as its last change left it,
 * two array statements whatever the batch size, by name (each returns a row per entry written, so
 * a later part of the statement can wait for it).
 */
export function entryWrites(touched: ReadonlyMap<string, TouchedEntry>, params: SqlParameters): Map<string, string> {
  const parts = new Map<string, string>();
  const ordered = inKeyOrder(touched);
  const upserts = ordered.filter(({ change }) => change.data !== null);
  const deletes = ordered.filter(({ change }) => change.data === null);
  if (upserts.length > 0) {
    const names = upserts.map(({ name }) => parseDocumentName(name));
    parts.set(
      'entries_upserted',
      `entries_upserted AS (
        INSERT INTO document_entries (document_name, project_id, kind, collection, entry_id, data, etag)
        SELECT * FROM unnest(${[
          params.add(upserts.map(({ name }) => name)) + '::text[]',
          params.add(names.map((parsed) => (parsed.ok ? parsed.value.projectId : null))) + '::uuid[]',
          params.add(names.map((parsed) => (parsed.ok ? parsed.value.kind : null))) + '::text[]',
          params.add(upserts.map(({ change }) => change.collection)) + '::text[]',
          params.add(upserts.map(({ change }) => change.id)) + '::text[]',
          params.add(upserts.map(({ change }) => JSON.stringify(change.data))) + '::jsonb[]',
          params.add(upserts.map(({ change }) => entryEtag(change.data))) + '::text[]',
        ].join(', ')})
        ON CONFLICT (document_name, collection, entry_id) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, updated_at = now()
        RETURNING 1)`,
    );
  }
  if (deletes.length > 0) {
    parts.set(
      'entries_deleted',
      `entries_deleted AS (
        DELETE FROM document_entries e USING unnest(${params.add(deletes.map(({ name }) => name))}::text[], ${params.add(deletes.map(({ change }) => change.collection))}::text[], ${params.add(deletes.map(({ change }) => change.id))}::text[]) AS d(name, collection, id)
        WHERE e.document_name = d.name AND e.collection = d.collection AND e.entry_id = d.id
        RETURNING 1)`,
    );
  }
  return parts;
}

/** Applies entry changes to the projection (inside a transaction) without telling events: a rebuild's. */
async function writeEntryChanges(tx: Queryable, batches: readonly ProjectedChanges[]): Promise<void> {
  const params = new SqlParameters();
  const writes = entryWrites(lastChangeOfEach(batches), params);
  if (writes.size === 0) return;
  await tx.query(`WITH ${[...writes.values()].join(', ')} SELECT 1`, params.values);
}

/**
 * The events of a commit's changes: each change is compared with the entry's state before it
 * (as committed, `committed`, then after the batch's earlier changes). Calendars' clashes are
 * looked for in the transaction (`tx`), once a batch's changes are all in.
 */
export async function eventsOfBatches(
  tx: Queryable,
  batches: readonly ProjectedChanges[],
  touched: ReadonlyMap<string, TouchedEntry>,
  committed: readonly CommittedEntry[],
): Promise<FeedEvent[]> {
  if (!makesEvents(batches)) return [];
  // Every touched entry has a state here, null where none was committed: the clash lookup below
  // runs after the commit's writes, and must not take an entry a later batch creates for one
  // that already existed.
  const state = new Map<string, Record<string, unknown> | null>([...touched.keys()].map((key) => [key, null]));
  for (const row of committed) state.set(keyOf(row.document_name, row.collection, row.entry_id), row.data);
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
      // The calendar's events as of this batch, by entry id: the table already holds the commit's
      // last states, so every entry the commit touches is taken from here instead.
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
