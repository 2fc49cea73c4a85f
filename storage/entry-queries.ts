import type { DocumentKind } from '../documents/document-name.js';
import type { Queryable } from '../platform/db/database.js';

/** A projected entry with where it lives. */
export interface EntryRow {
  documentName: string;
  projectId: string;
  documentId: string;
  entryId: string;
  data: Record<string, unknown>;
  etag: string;
  updatedAt: Date;
}

/** Conditions on an entry's JSON fields. Field names come from code, never from requests; values are parameters. */
export type EntryFilter =
  | { field: string; equals: string | boolean | null }
  | { field: string; includes: string }
  | { field: string; in: readonly string[] }
  /** A timestamp field at or after / before an instant (ISO strings; compared as instants, whatever their offsets). */
  | { field: string; from?: string; before?: string }
  /** Any of these text fields contains `text` (case-insensitive). */
  | { anyOf: readonly string[]; contains: string };

export interface EntryQuery {
  projectIds: readonly string[];
  kind: DocumentKind;
  collection: string;
  documentIds?: readonly string[];
  /** Documents left out whatever else matches (those hidden from the caller). */
  excludeDocuments?: readonly string[];
  filters?: readonly EntryFilter[];
  /** Order by a timestamp field (ascending), then by document and id; by document and id when absent. */
  orderBy?: string;
  /** The position after which the page starts (from the previous page's `next`). */
  after?: Cursor;
  limit: number;
}

/** Where a page ended: opaque to clients (encoded by the caller). */
export interface Cursor {
  sortKey: string | null;
  documentName: string;
  entryId: string;
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function field(name: string): string {
  if (!FIELD.test(name)) throw new Error(`not a field name: ${name}`);
  return name;
}

/**
 * A page of projected entries of live (not archived) documents, by JSON conditions, in a stable
 * order with a keyset cursor: the cost of a page does not grow with how many pages came before,
 * nor with how many documents are loaded in memory.
 */
export async function queryEntries(db: Queryable, query: EntryQuery): Promise<{ rows: EntryRow[]; next: Cursor | null }> {
  if (query.projectIds.length === 0) return { rows: [], next: null };
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`e.project_id = ANY(${param(query.projectIds)}::uuid[])`, `e.kind = ${param(query.kind)}`, `e.collection = ${param(query.collection)}`, 'd.archived_at IS NULL'];
  if (query.documentIds) where.push(`d.id = ANY(${param(query.documentIds)}::text[])`);
  if (query.excludeDocuments && query.excludeDocuments.length > 0) where.push(`NOT (d.name = ANY(${param(query.excludeDocuments)}::text[]))`);
  for (const filter of query.filters ?? []) {
    if ('anyOf' in filter) {
      const pattern = param(`%${filter.contains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(${filter.anyOf.map((name) => `e.data->>'${field(name)}' ILIKE ${pattern}`).join(' OR ')})`);
    } else if ('equals' in filter) {
      where.push(filter.equals === null ? `e.data->'${field(filter.field)}' = 'null'::jsonb` : `e.data->'${field(filter.field)}' = ${param(JSON.stringify(filter.equals))}::jsonb`);
    } else if ('includes' in filter) {
      where.push(`e.data->'${field(filter.field)}' ? ${param(filter.includes)}`);
    } else if ('in' in filter) {
      where.push(`e.data->>'${field(filter.field)}' = ANY(${param(filter.in)}::text[])`);
    } else {
      const value = `NULLIF(e.data->>'${field(filter.field)}', '')::timestamptz`;
      if (filter.from !== undefined) where.push(`${value} >= ${param(filter.from)}::timestamptz`);
      if (filter.before !== undefined) where.push(`${value} < ${param(filter.before)}::timestamptz`);
    }
  }
  const sortKey = query.orderBy ? `(e.data->>'${field(query.orderBy)}')::timestamptz` : 'NULL::timestamptz';
  if (query.after) {
    const position = `(${param(query.after.documentName)}::text, ${param(query.after.entryId)}::text)`;
    where.push(
      query.orderBy && query.after.sortKey !== null
        ? `(${sortKey} > ${param(query.after.sortKey)}::timestamptz OR (${sortKey} = ${param(query.after.sortKey)}::timestamptz AND (e.document_name, e.entry_id) > ${position}))`
        : `(e.document_name, e.entry_id) > ${position}`,
    );
  }
  // The sort key travels as PostgreSQL's own text of the timestamp: exact to the microsecond (a JS Date would round it to ms).
  const { rows } = await db.query<{ document_name: string; project_id: string; document_id: string; entry_id: string; data: Record<string, unknown>; etag: string; updated_at: Date; sort_key: string | null }>(
    `SELECT e.document_name, e.project_id, d.id AS document_id, e.entry_id, e.data, e.etag, e.updated_at, ${sortKey}::text AS sort_key
     FROM document_entries e JOIN documents d ON d.name = e.document_name
     WHERE ${where.join(' AND ')}
     ORDER BY ${query.orderBy ? `${sortKey}, ` : ''}e.document_name, e.entry_id
     LIMIT ${param(query.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, query.limit).map((row) => ({
    documentName: row.document_name,
    projectId: row.project_id,
    documentId: row.document_id,
    entryId: row.entry_id,
    data: row.data,
    etag: row.etag,
    updatedAt: row.updated_at,
  }));
  const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
  return {
    rows: page,
    next: last ? { sortKey: last.sort_key, documentName: last.document_name, entryId: last.entry_id } : null,
  };
}

/** One projected entry, or null. */
export async function getEntry(db: Queryable, documentName: string, collection: string, entryId: string): Promise<EntryRow | null> {
  const { rows } = await db.query<{ document_name: string; project_id: string; document_id: string; entry_id: string; data: Record<string, unknown>; etag: string; updated_at: Date }>(
    `SELECT e.document_name, e.project_id, d.id AS document_id, e.entry_id, e.data, e.etag, e.updated_at
     FROM document_entries e JOIN documents d ON d.name = e.document_name
     WHERE e.document_name = $1 AND e.collection = $2 AND e.entry_id = $3`,
    [documentName, collection, entryId],
  );
  const row = rows[0];
  return row ? { documentName: row.document_name, projectId: row.project_id, documentId: row.document_id, entryId: row.entry_id, data: row.data, etag: row.etag, updatedAt: row.updated_at } : null;
}

/** Several entries in one query, keyed `documentName collection entryId` (joined by NUL); missing ones are absent. */
export async function getEntries(db: Queryable, keys: readonly { documentName: string; collection: string; entryId: string }[]): Promise<Map<string, EntryRow>> {
  const found = new Map<string, EntryRow>();
  if (keys.length === 0) return found;
  const { rows } = await db.query<{ document_name: string; collection: string; project_id: string; document_id: string; entry_id: string; data: Record<string, unknown>; etag: string; updated_at: Date }>(
    `SELECT e.document_name, e.collection, e.project_id, d.id AS document_id, e.entry_id, e.data, e.etag, e.updated_at
     FROM document_entries e JOIN documents d ON d.name = e.document_name
     WHERE (e.document_name, e.collection, e.entry_id) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [keys.map((key) => key.documentName), keys.map((key) => key.collection), keys.map((key) => key.entryId)],
  );
  for (const row of rows) {
    found.set(entryKey(row.document_name, row.collection, row.entry_id), { documentName: row.document_name, projectId: row.project_id, documentId: row.document_id, entryId: row.entry_id, data: row.data, etag: row.etag, updatedAt: row.updated_at });
  }
  return found;
}

export const entryKey = (documentName: string, collection: string, entryId: string): string => `${documentName}\u0000${collection}\u0000${entryId}`;
