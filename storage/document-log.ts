import { collectGarbage } from './garbage-collection.js';
import type { Database, Queryable } from '../platform/db/database.js';
import type { EntryChange } from '../documents/projection.js';
import { insertEvents } from './change-feed.js';
import { type ClientIdClaim, insertClientIdClaims } from './client-ids.js';
import { writeEntryChanges } from './entry-projection.js';

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
}

/** Told, inside the batch's transaction, the ids of the events the batch made (to enqueue their delivery with it). */
export type EventsWritten = (tx: Queryable, eventIds: string[]) => Promise<void>;

/** Each document's version after a write: how many batches its log has committed (absent for a document not registered). */
export type DocumentVersions = Map<string, number>;

/** Appends many documents' updates in one transaction: one commit (one fsync) for the whole batch. Returns the documents' new versions. */
export async function appendUpdates(db: Database, entries: UpdateToStore[], onEvents?: EventsWritten): Promise<DocumentVersions> {
  return db.transaction(async (tx) => {
    const { eventIds, versions } = await writeUpdates(tx, entries);
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
 */
export async function writeUpdates(tx: Queryable, entries: readonly UpdateToStore[]): Promise<{ eventIds: string[]; versions: DocumentVersions }> {
  await insertClientIdClaims(tx, entries.flatMap((entry) => entry.claims ?? []));
  const events = await writeEntryChanges(tx, entries.map((entry) => ({ name: entry.name, changes: entry.entries ?? [], actor: entry.actor })));
  const eventIds = await insertEvents(tx, events);
  const versions = await appendAndTouch(tx, entries);
  return { eventIds, versions };
}

/**
 * The updates, in order, and the listing's updated time, size and version of their documents, in
 * one statement whatever the batch's size: each statement of a commit waits its turn on a busy
 * event loop, so a commit is as few of them as it can be. Array parameters keep any batch within
 * PostgreSQL's 65,535-parameter limit. One batch is one version, however many of the document's
 * updates it holds. Last in the transaction, as the other writers of `documents` rows (compaction,
 * projection rebuilds) take that row last too.
 */
async function appendAndTouch(tx: Queryable, entries: readonly UpdateToStore[]): Promise<DocumentVersions> {
  if (entries.length === 0) return new Map();
  const grown = new Map<string, number>();
  for (const { name, update } of entries) grown.set(name, (grown.get(name) ?? 0) + update.byteLength);
  const names = [...grown.keys()];
  const { rows } = await tx.query<{ name: string; version: string }>(
    `WITH appended AS (
       INSERT INTO document_updates (document_name, update)
       SELECT name, update FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(name, update, n) ORDER BY n
     )
     UPDATE documents d SET updated_at = now(), size_bytes = d.size_bytes + u.bytes, version = d.version + 1
     FROM unnest($3::text[], $4::bigint[]) AS u(name, bytes) WHERE d.name = u.name
     RETURNING d.name, d.version`,
    [entries.map((entry) => entry.name), entries.map((entry) => Buffer.from(entry.update)), names, names.map((name) => grown.get(name)!)],
  );
  return new Map(rows.map((row) => [row.name, Number(row.version)]));
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

