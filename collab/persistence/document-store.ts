import * as Y from 'yjs';
import type { Database, Queryable } from '../../server/db/database.js';
import { touchDocuments } from './document-registry.js';

/** Rows per INSERT statement, well under PostgreSQL's parameter limit. */
const ROWS_PER_STATEMENT = 500;

export interface StoredDocument {
  /** Snapshot first, then the tail in log order; empty for a new document. */
  updates: Uint8Array[];
  tailLength: number;
}

/** SQL for the document log and its snapshots; no Yjs state lives here beyond merging for compaction. */
export async function loadDocument(db: Queryable, name: string): Promise<StoredDocument> {
  const snapshot = await db.query<{ state: Buffer; last_seq: string }>('SELECT state, last_seq FROM document_snapshots WHERE document_name = $1', [name]);
  const after = snapshot.rows[0]?.last_seq ?? '0';
  const tail = await db.query<{ update: Buffer }>('SELECT update FROM document_updates WHERE document_name = $1 AND seq > $2 ORDER BY seq', [name, after]);
  const updates = [...(snapshot.rows[0] ? [snapshot.rows[0].state] : []), ...tail.rows.map((row) => row.update)].map((bytes) => new Uint8Array(bytes));
  return { updates, tailLength: tail.rows.length };
}

/** Appends many documents' updates in one transaction: one commit (one fsync) for the whole batch. */
export async function appendUpdates(db: Database, entries: { name: string; update: Uint8Array }[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
      const chunk = entries.slice(start, start + ROWS_PER_STATEMENT);
      const placeholders = chunk.map((_, i) => `($${i * 2 + 1}, $${i * 2 + 2})`).join(', ');
      await tx.query(`INSERT INTO document_updates (document_name, update) VALUES ${placeholders}`, chunk.flatMap((e) => [e.name, Buffer.from(e.update)]));
    }
    const grown = new Map<string, number>();
    for (const { name, update } of entries) grown.set(name, (grown.get(name) ?? 0) + update.byteLength);
    await touchDocuments(tx, grown);
  });
}

/**
 * Folds the tail into the snapshot. A transaction-scoped advisory lock per document keeps two
 * compactions (two instances) from interleaving; the one that does not get it skips.
 */
export async function compactDocument(db: Database, name: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const lock = await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('compact:' || $1)) AS locked", [name]);
    if (!lock.rows[0]?.locked) return false;
    const snapshot = await tx.query<{ state: Buffer; last_seq: string }>('SELECT state, last_seq FROM document_snapshots WHERE document_name = $1', [name]);
    const after = snapshot.rows[0]?.last_seq ?? '0';
    const tail = await tx.query<{ seq: string; update: Buffer }>('SELECT seq, update FROM document_updates WHERE document_name = $1 AND seq > $2 ORDER BY seq', [name, after]);
    if (tail.rows.length === 0) return false;
    const merged = Y.mergeUpdates([...(snapshot.rows[0] ? [snapshot.rows[0].state] : []), ...tail.rows.map((row) => row.update)].map((b) => new Uint8Array(b)));
    const lastSeq = tail.rows.at(-1)!.seq;
    await tx.query(
      `INSERT INTO document_snapshots (document_name, state, last_seq) VALUES ($1, $2, $3)
       ON CONFLICT (document_name) DO UPDATE SET state = $2, last_seq = $3, updated_at = now()`,
      [name, Buffer.from(merged), lastSeq],
    );
    await tx.query('DELETE FROM document_updates WHERE document_name = $1 AND seq <= $2', [name, lastSeq]);
    // Compaction measures the real size (appends only add their bytes, which overcounts what merging
    // folds away), plus whatever tail was committed after the read above: those appends already added
    // their bytes, and overwriting with the snapshot alone would drop them.
    await tx.query(
      `UPDATE documents SET size_bytes = $2 + (SELECT coalesce(sum(octet_length(update)), 0) FROM document_updates WHERE document_name = $1)
       WHERE name = $1`,
      [name, merged.byteLength],
    );
    return true;
  });
}
