import { parseDocumentName } from '../documents/document-name.js';
import type { EntryChange } from '../documents/projection.js';
import type { Queryable } from '../platform/db/database.js';

/** A document's entry changes, in the order they happened. */
export interface ProjectedChanges {
  name: string;
  changes: readonly EntryChange[];
}

/**
 * Applies entry changes to the projection (inside the log's transaction): the last change of
 * each entry in the batch wins, upserted or deleted with two array statements whatever the
 * batch size.
 */
export async function writeEntryChanges(tx: Queryable, batches: readonly ProjectedChanges[]): Promise<void> {
  const last = new Map<string, { name: string; change: EntryChange }>();
  for (const { name, changes } of batches) for (const change of changes) last.set(`${name}\u0000${change.collection}\u0000${change.id}`, { name, change });
  if (last.size === 0) return;
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
        upserts.map(({ change }) => change.etag),
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
