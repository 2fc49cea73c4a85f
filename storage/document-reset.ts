import * as Y from 'yjs';
import type { Queryable } from '../platform/db/database.js';
import { SERVER_OWNER } from './client-ids.js';

/**
 * Documents that may hold something of the person: where they wrote (client ids, feed events,
 * checkpoints they took), where the projection names them (author fields, names, emails), and
 * any whose stored bytes (snapshot, log, checkpoints) hold their id, email or name as Yjs writes
 * strings (UTF-8), which finds values long since overwritten or deleted. Erasure is rare: the scan
 * of every document's bytes is its price for missing nothing.
 */
export async function documentsNaming(db: Queryable, person: { id: string; email: string; name: string }): Promise<string[]> {
  const actor = `user:${person.id}`;
  const needles = [person.id, person.email, ...(person.name.trim().length >= 2 ? [person.name] : [])];
  const { rows } = await db.query<{ name: string }>(
    `WITH needle AS (SELECT convert_to(n, 'UTF8') AS bytes FROM unnest($4::text[]) AS n)
     SELECT document_name AS name FROM document_client_ids WHERE owner = $1
     UNION SELECT document_name FROM document_events WHERE actor = $1
     UNION SELECT document_name FROM document_versions WHERE created_by = $1
     UNION SELECT document_name FROM document_entries WHERE strpos(data::text, $2) > 0 OR strpos(lower(data::text), lower($3)) > 0
     UNION SELECT s.document_name FROM document_snapshots s, needle WHERE position(needle.bytes IN s.state) > 0
     UNION SELECT u.document_name FROM document_updates u, needle WHERE position(needle.bytes IN u.update) > 0
     UNION SELECT v.document_name FROM document_versions v, needle WHERE position(needle.bytes IN v.state) > 0
     ORDER BY 1`,
    [actor, person.id, person.email, needles],
  );
  // Only documents that still exist (the log of a deleted document has no row to reset).
  const { rows: existing } = await db.query<{ name: string }>('SELECT name FROM documents WHERE name = ANY ($1::text[])', [rows.map((row) => row.name)]);
  return existing.map((row) => row.name).sort();
}

/** Client ids a reset retired: updates carrying them come from a copy made before it. */
export async function loadRetiredClients(db: Queryable, name: string): Promise<number[]> {
  const { rows } = await db.query<{ client_id: string }>('SELECT client_id FROM document_retired_clients WHERE document_name = $1', [name]);
  return rows.map((row) => Number(row.client_id));
}

/** Locks the document's log against compaction (and another reset) until the transaction ends. */
export async function lockDocumentLog(tx: Queryable, name: string): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('compact:' || $1))", [name]);
}

/** How many batches the document's log has committed (`documents.version`), read without a lock. */
export async function committedVersion(tx: Queryable, name: string): Promise<number> {
  const { rows } = await tx.query<{ version: string }>('SELECT version FROM documents WHERE name = $1', [name]);
  return Number(rows[0]?.version ?? 0);
}

/**
 * Locks the document's row against commits until the transaction ends, and returns its version.
 * A commit of another instance under way finishes first (the version then counts it); one that
 * comes later waits, finds the new epoch, and is not written (`StaleDocuments`). Without it, a
 * commit landing between a reset's read of the log and its deletion was deleted unread, and one
 * after it stayed on the new state under retired ids. Checkpoints wait for it too (`saveVersion`).
 */
export async function lockDocumentRow(tx: Queryable, name: string): Promise<number> {
  const { rows } = await tx.query<{ version: string }>('SELECT version FROM documents WHERE name = $1 FOR UPDATE', [name]);
  return Number(rows[0]?.version ?? 0);
}

export interface StoredCheckpoint {
  id: string;
  state: Buffer;
}

export async function loadCheckpoints(tx: Queryable, name: string): Promise<StoredCheckpoint[]> {
  return (await tx.query<StoredCheckpoint>('SELECT id, state FROM document_versions WHERE document_name = $1 ORDER BY seq', [name])).rows;
}

export async function replaceCheckpointState(tx: Queryable, id: string, state: Uint8Array): Promise<void> {
  await tx.query('UPDATE document_versions SET state = $2 WHERE id = $1', [id, Buffer.from(state)]);
}

/**
 * Makes `state` the document's whole stored state: the only snapshot, no log rows (the old
 * ones, with every value ever written, are deleted), the client ids of the old state retired and
 * their claims dropped, the new writer's id claimed by the server, the size measured, the epoch
 * bumped. Call inside the transaction that holds `lockDocumentLog`. Returns the new epoch.
 */
export async function writeResetState(tx: Queryable, name: string, reset: { state: Uint8Array; retired: readonly number[]; writer: number }): Promise<number> {
  const { rows: last } = await tx.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM document_updates WHERE document_name = $1', [name]);
  const { rows: snap } = await tx.query<{ last_seq: string }>('SELECT last_seq::text AS last_seq FROM document_snapshots WHERE document_name = $1', [name]);
  const lastSeq = [last[0]?.seq ?? '0', snap[0]?.last_seq ?? '0'].reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
  await tx.query(
    `INSERT INTO document_snapshots (document_name, state, state_vector, last_seq) VALUES ($1, $2, $3, $4)
     ON CONFLICT (document_name) DO UPDATE SET state = $2, state_vector = $3, last_seq = $4, updated_at = now()`,
    [name, Buffer.from(reset.state), Buffer.from(Y.encodeStateVectorFromUpdate(reset.state)), lastSeq],
  );
  await tx.query('DELETE FROM document_updates WHERE document_name = $1', [name]);
  await tx.query(
    `INSERT INTO document_retired_clients (document_name, client_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
    [name, reset.retired.map(String)],
  );
  await tx.query('DELETE FROM document_client_ids WHERE document_name = $1 AND client_id = ANY ($2::bigint[])', [name, reset.retired.map(String)]);
  await tx.query('INSERT INTO document_client_ids (document_name, client_id, owner) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [name, String(reset.writer), SERVER_OWNER]);
  const { rows } = await tx.query<{ epoch: number }>('UPDATE documents SET epoch = epoch + 1, size_bytes = $2, updated_at = now() WHERE name = $1 RETURNING epoch', [name, reset.state.byteLength]);
  return rows[0]?.epoch ?? 0;
}
