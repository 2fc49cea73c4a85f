import { collectGarbage } from './garbage-collection.js';
import type { Database, Queryable } from '../platform/db/database.js';
import type { EntryChange } from '../documents/projection.js';
import { insertEvents } from './change-feed.js';
import { type ClientIdClaim, clientIdClaims } from './client-ids.js';
import {
  type CommittedEntry,
  type ProjectedChanges,
  entriesBefore,
  entryWrites,
  eventsOfBatches,
  lastChangeOfEach,
  lockCommitted,
  makesEvents,
  mergeWritten,
} from './entry-projection.js';
import { SqlParameters } from '../platform/db/sql-parameters.js';

export interface StoredDocument {
  /** Snapshot first, then the tail in log order; empty for a new document. */
  updates: Uint8Array[];
  tailLength: number;
  /** Bytes stored for the document (snapshot and tail): what the size limit counts. */
  storedBytes: number;
  /** Bytes of the snapshot alone. */
  snapshotBytes: number;
  /** The snapshot's state vector, as stored with it (null without a snapshot, or for one written before vectors were stored). */
  snapshotStateVector: Uint8Array | null;
}

/** SQL for the document log and its snapshots; no Yjs state lives here beyond merging for compaction. */
export async function loadDocument(db: Queryable, name: string): Promise<StoredDocument> {
  // One statement, so one view of the database: read as two, a compaction committing in between
  // (new snapshot, its updates deleted) would leave both reads without the updates it folded.
  const { rows } = await db.query<{ snapshot: boolean; bytes: Buffer; state_vector: Buffer | null }>(
    `WITH s AS (SELECT state, state_vector, last_seq FROM document_snapshots WHERE document_name = $1)
     SELECT true AS snapshot, state AS bytes, state_vector, 0::bigint AS seq FROM s
     UNION ALL
     SELECT false, u.update, NULL, u.seq FROM document_updates u
     WHERE u.document_name = $1 AND u.seq > COALESCE((SELECT last_seq FROM s), 0)
     ORDER BY snapshot DESC, seq`,
    [name],
  );
  const updates = rows.map((row) => new Uint8Array(row.bytes));
  const snapshot = rows[0]?.snapshot ? rows[0] : undefined;
  const storedBytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
  return {
    updates,
    tailLength: rows.filter((row) => !row.snapshot).length,
    storedBytes,
    snapshotBytes: snapshot ? snapshot.bytes.byteLength : 0,
    snapshotStateVector: snapshot?.state_vector ? new Uint8Array(snapshot.state_vector) : null,
  };
}

export interface UpdateToStore {
  name: string;
  update: Uint8Array;
  /** Client ids this update is the first to use. */
  claims?: readonly ClientIdClaim[];
  /** What this update changed, as the per-entry projection holds it. */
  entries?: readonly EntryChange[];
  /** Who made it ('user:…', 'key:…', 'server'): the change feed's events name them. */
  actor?: string;
  /**
   * Of a document shared with other instances: its version this instance had applied when the
   * update was made. At that version or later, the update's copy of its entries is the whole
   * document's (`mergeWritten`).
   */
  seenVersion?: number;
  /**
   * Of a document shared with other instances: the epoch of the state its instance loaded. A
   * reset on another instance (an erasure) bumped it since: the update was made on a copy from
   * before, whose structure the stored state no longer has, and is not written (`StaleDocuments`).
   */
  epoch?: number;
}

/**
 * Thrown by `writeUpdates`, rolling its transaction back, when updates were made on a copy of a
 * document from before a reset on another instance (their `epoch` is behind), or of one deleted
 * meanwhile. `current` is each such document's epoch now (absent: deleted); updates at that epoch
 * may be written again.
 */
export class StaleDocuments extends Error {
  constructor(readonly current: ReadonlyMap<string, number | undefined>) {
    super(`updates made on a copy from before a reset: ${[...current.keys()].join(', ')}`);
    this.name = 'StaleDocuments';
  }

  /** Whether `entry` was made on a copy this error found stale. */
  covers(entry: UpdateToStore): boolean {
    return entry.epoch !== undefined && this.current.has(entry.name) && this.current.get(entry.name) !== entry.epoch;
  }
}

/** Told, inside the batch's transaction, the ids of the events the batch made (to enqueue their delivery with it). */
export type EventsWritten = (tx: Queryable, eventIds: string[]) => Promise<void>;

/** Each document's version after a write: how many batches its log has committed (absent for a document not registered). */
export type DocumentVersions = Map<string, number>;

export interface WriteOptions {
  /**
   * Other instances commit to the same documents (they share them through Redis): one's commit
   * may be under way on entries this one touches, so they are locked before they are read.
   */
  shared?: boolean;
}

/** Appends many documents' updates in one transaction: one commit (one fsync) for the whole batch. Returns the documents' new versions. */
export async function appendUpdates(db: Database, entries: UpdateToStore[], onEvents?: EventsWritten, options: WriteOptions = {}): Promise<DocumentVersions> {
  return db.transaction(async (tx) => {
    const { eventIds, versions } = await writeUpdates(tx, entries, options);
    if (onEvents && eventIds.length > 0) await onEvents(tx, eventIds);
    return versions;
  });
}

/** Where a document's log stands: batches committed (`version`) and resets without history (`epoch`). */
export interface DocumentMark {
  version: number;
  epoch: number;
}

/**
 * Where a document's log stands, read on its own: read before the document's state, it is never
 * ahead of that state (what it counts was committed before the state was read), so an instance
 * that takes it as "seen up to" can only be behind, which its version check then corrects.
 */
export async function documentMark(db: Queryable, name: string): Promise<DocumentMark> {
  return (await documentMarks(db, [name])).get(name) ?? { version: 0, epoch: 0 };
}

/** Where many documents' logs stand at once (the periodic check of what an instance holds loaded). */
export async function documentMarks(db: Queryable, names: readonly string[]): Promise<Map<string, DocumentMark>> {
  if (names.length === 0) return new Map();
  const { rows } = await db.query<{ name: string; version: string; epoch: number }>('SELECT name, version, epoch FROM documents WHERE name = ANY($1::text[])', [names]);
  return new Map(rows.map((row) => [row.name, { version: Number(row.version), epoch: Number(row.epoch) }]));
}

/**
 * The one writer of `document_updates` (the group commit and a new document's seed both come
 * through here): the updates, the client-id claims they rely on, the entries they changed (so
 * the projection is exactly as fresh as the log), the change feed's events, and the listing's
 * updated time, size and version. Call inside a transaction; returns the ids of the events written
 * and the documents' new versions.
 *
 * All but the events are one statement, whatever the batch: each statement is a round trip that
 * waits its turn on a busy event loop, and the client's work for each is most of what a commit
 * costs the server. The entries' committed state, which the events are worked out from, is read
 * by that same statement (`entriesBefore`), and the events are written after it.
 *
 * A document shared with other instances (`shared`) may have had a touched entry committed by
 * another instance, in fields this one had not applied yet, or be in the middle of such a commit:
 * its entries are locked and read first, and each change is merged into their committed state
 * (`mergeWritten`) before the statement (two statements more). Its updates carry the epoch their
 * copy was loaded at: one reset since (on any instance) rolls the whole batch back with
 * `StaleDocuments`, whose caller drops those updates and writes the rest.
 */
export async function writeUpdates(tx: Queryable, entries: readonly UpdateToStore[], options: WriteOptions = {}): Promise<{ eventIds: string[]; versions: DocumentVersions }> {
  if (entries.length === 0) return { eventIds: [], versions: new Map() };
  let batches: ProjectedChanges[] = entries.map((entry) => ({ name: entry.name, changes: entry.entries ?? [], actor: entry.actor, seenVersion: entry.seenVersion }));
  // One instance's copies started from what it committed itself: there is nothing to merge into.
  // (Changes name their written fields only on shared documents.)
  if (options.shared === true && batches.some(({ changes }) => changes.some((change) => change.written !== undefined))) {
    batches = mergeWritten(batches, await lockCommitted(tx, lastChangeOfEach(batches)));
  }
  const touched = lastChangeOfEach(batches);
  const params = new SqlParameters();
  const parts = new Map<string, string>();
  const claims = entries.flatMap((entry) => entry.claims ?? []);
  if (claims.length > 0) parts.set('claimed', clientIdClaims(claims, params));
  const readsBefore = touched.size > 0 && makesEvents(batches);
  const before = readsBefore ? [entriesBefore(touched, params)] : [];
  for (const [name, part] of entryWrites(touched, params)) parts.set(name, part);
  parts.set('appended', appended(entries, params));
  const { rows } = await tx.query<{ name: string; collection: string | null; entry_id: string | null; data: Record<string, unknown> | null; version: string | null }>(
    `WITH ${[...before, ...parts.values(), touchedDocuments(entries, [...parts.keys()], params)].join(',\n')}
     ${readsBefore ? 'SELECT document_name AS name, collection, entry_id, data, NULL::bigint AS version FROM entries_before UNION ALL ' : ''}
     SELECT name, NULL, NULL, NULL::jsonb, version FROM documents_touched`,
    params.values,
  );
  const committed: CommittedEntry[] = [];
  const versions: DocumentVersions = new Map();
  for (const row of rows) {
    if (row.version !== null) versions.set(row.name, Number(row.version));
    else committed.push({ document_name: row.name, collection: row.collection!, entry_id: row.entry_id!, data: row.data! });
  }
  const stale = [...new Set(entries.filter((entry) => entry.epoch !== undefined && !versions.has(entry.name)).map((entry) => entry.name))];
  if (stale.length > 0) throw new StaleDocuments(await epochsOf(tx, stale));
  const events = await eventsOfBatches(tx, batches, touched, committed);
  return { eventIds: await insertEvents(tx, events), versions };
}

async function epochsOf(tx: Queryable, names: readonly string[]): Promise<Map<string, number | undefined>> {
  const { rows } = await tx.query<{ name: string; epoch: number }>('SELECT name, epoch FROM documents WHERE name = ANY($1::text[])', [names]);
  const epochs = new Map<string, number | undefined>(names.map((name) => [name, undefined]));
  for (const row of rows) epochs.set(row.name, Number(row.epoch));
  return epochs;
}

/** A common table expression appending the updates, in order. */
function appended(entries: readonly UpdateToStore[], params: SqlParameters): string {
  return `appended AS (
    INSERT INTO document_updates (document_name, update)
    SELECT name, update FROM unnest(${params.add(entries.map((entry) => entry.name))}::text[], ${params.add(entries.map((entry) => Buffer.from(entry.update)))}::bytea[]) WITH ORDINALITY AS u(name, update, n) ORDER BY n
    RETURNING 1)`;
}

/**
 * `documents_touched`: the listing's updated time, size and version of the batch's documents.
 * One batch is one version, however many of the document's updates it holds. It waits for the
 * statement's other writes (`after`: it reads how many rows each wrote), so the `documents` row
 * is taken last, as compaction takes it too. (A projection rebuild takes it first: one running
 * during a shared commit of the same entries can deadlock; PostgreSQL aborts one, and it is retried.)
 * A document whose updates carry an epoch is only touched at the oldest of them: a reset holds
 * the row while it rewrites the log, so a commit waiting for it finds the new epoch here, and
 * leaves the row out (the caller rolls back, `StaleDocuments`).
 */
function touchedDocuments(entries: readonly UpdateToStore[], after: readonly string[], params: SqlParameters): string {
  const grown = new Map<string, number>();
  const epochs = new Map<string, number>();
  for (const { name, update, epoch } of entries) {
    grown.set(name, (grown.get(name) ?? 0) + update.byteLength);
    if (epoch !== undefined) epochs.set(name, Math.min(epoch, epochs.get(name) ?? epoch));
  }
  const names = [...grown.keys()];
  const waits = after.map((name) => `(SELECT count(*) FROM ${name}) AS ${name}_done`);
  const checked = epochs.size > 0;
  return `documents_touched AS (
    UPDATE documents d SET updated_at = now(), size_bytes = d.size_bytes + u.bytes, version = d.version + 1
    FROM unnest(${params.add(names)}::text[], ${params.add(names.map((name) => grown.get(name)!))}::bigint[]${checked ? `, ${params.add(names.map((name) => epochs.get(name) ?? null))}::int[]` : ''}) AS u(name, bytes${checked ? ', epoch' : ''}), ${waits.join(', ')}
    WHERE d.name = u.name${checked ? ' AND (u.epoch IS NULL OR d.epoch = u.epoch)' : ''}
    RETURNING d.name, d.version)`;
}

export interface Compaction {
  /** Bytes of the new snapshot. */
  snapshotBytes: number;
  /** Bytes stored for the document afterwards: the snapshot plus any tail committed meanwhile. */
  storedBytes: number;
}

/**
 * Folds the tail into the snapshot, dropping deleted content: the log is replayed into a
 * garbage-collecting document, so what was deleted or repaired away (a huge value reset to
 * its default) no longer takes space. A transaction-scoped advisory lock per document keeps two
 * compactions (two instances) from interleaving; the one that does not get it skips (null).
 */
export async function compactDocument(db: Database, name: string): Promise<Compaction | null> {
  return db.transaction(async (tx) => {
    const lock = await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('compact:' || $1)) AS locked", [name]);
    if (!lock.rows[0]?.locked) return null;
    const snapshot = await tx.query<{ state: Buffer; last_seq: string }>('SELECT state, last_seq FROM document_snapshots WHERE document_name = $1', [name]);
    const after = snapshot.rows[0]?.last_seq ?? '0';
    const tail = await tx.query<{ seq: string; update: Buffer }>('SELECT seq, update FROM document_updates WHERE document_name = $1 AND seq > $2 ORDER BY seq', [name, after]);
    if (tail.rows.length === 0) return null;
    const { state: merged, stateVector } = await collectGarbage([...(snapshot.rows[0] ? [snapshot.rows[0].state] : []), ...tail.rows.map((row) => row.update)]);
    const lastSeq = tail.rows.at(-1)!.seq;
    await tx.query(
      `INSERT INTO document_snapshots (document_name, state, state_vector, last_seq) VALUES ($1, $2, $3, $4)
       ON CONFLICT (document_name) DO UPDATE SET state = $2, state_vector = $3, last_seq = $4, updated_at = now()`,
      [name, Buffer.from(merged), Buffer.from(stateVector), lastSeq],
    );
    await tx.query('DELETE FROM document_updates WHERE document_name = $1 AND seq <= $2', [name, lastSeq]);
    // Compaction measures the real size (appends only add their bytes, which overcounts what merging
    // folds away), plus whatever tail was committed after the read above: those appends already added
    // their bytes, and overwriting with the snapshot alone would drop them.
    const { rows } = await tx.query<{ tail: string }>(
      `UPDATE documents SET size_bytes = $2 + t.bytes FROM (SELECT coalesce(sum(octet_length(update)), 0) AS bytes FROM document_updates WHERE document_name = $1) t
       WHERE name = $1 RETURNING t.bytes AS tail`,
      [name, merged.byteLength],
    );
    return { snapshotBytes: merged.byteLength, storedBytes: merged.byteLength + Number(rows[0]?.tail ?? 0) };
  });
}

