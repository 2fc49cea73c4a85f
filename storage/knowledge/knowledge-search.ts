import type { Queryable } from '../../platform/db/database.js';

/** Where to look: chunks of these projects only (the caller's readable ones), optionally of these documents only. */
export interface SearchScope {
  projectIds: readonly string[];
  documentIds?: readonly string[] | undefined;
}

export interface ChunkHit {
  chunkId: string;
  documentId: string;
  projectId: string;
  documentTitle: string;
  content: string;
  heading: string | null;
  page: number | null;
  start: number;
  end: number;
  score: number;
}

interface HitRow {
  chunk_id: string;
  document_id: string;
  project_id: string;
  title: string;
  content: string;
  heading: string | null;
  page: number | null;
  start_offset: number;
  end_offset: number;
  score: number;
}

const HIT_COLUMNS = 'c.id AS chunk_id, c.document_id, c.project_id, d.title, c.content, c.heading, c.page, c.start_offset, c.end_offset';
/** Access is decided here, in the statement: nothing outside the scope's projects is ever read. */
const SCOPE = 'c.project_id = ANY($1::uuid[]) AND ($2::uuid[] IS NULL OR c.document_id = ANY($2::uuid[]))';

function hitOf(row: HitRow): ChunkHit {
  return { chunkId: row.chunk_id, documentId: row.document_id, projectId: row.project_id, documentTitle: row.title, content: row.content, heading: row.heading, page: row.page, start: row.start_offset, end: row.end_offset, score: Number(row.score) };
}

function scopeValues(scope: SearchScope): unknown[] {
  return [scope.projectIds, scope.documentIds && scope.documentIds.length > 0 ? scope.documentIds : null];
}

/**
 * Full-text matches, best first: each chunk's query is parsed with its own language (web search
 * syntax: "quoted phrases", -exclusions, or).
 */
export async function fullTextSearch(db: Queryable, scope: SearchScope, query: string, limit: number): Promise<ChunkHit[]> {
  const { rows } = await db.query<HitRow>(
    `SELECT ${HIT_COLUMNS}, ts_rank_cd(c.tsv, websearch_to_tsquery(c.language, $3)) AS score
     FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
     WHERE ${SCOPE} AND c.tsv @@ websearch_to_tsquery(c.language, $3)
     ORDER BY score DESC, c.id LIMIT $4`,
    [...scopeValues(scope), query, limit],
  );
  return rows.map(hitOf);
}

/**
 * Nearest chunks by cosine similarity of unit vectors. With pgvector, its operator over the
 * real[] column cast to vector; without it, an exact dot product in SQL (a full scan of the
 * scope's embedded chunks: `countEmbedded` lets the caller skip it past a size).
 */
export async function vectorSearch(db: Queryable, scope: SearchScope, vector: readonly number[], options: { model: string; limit: number; pgvector: boolean }): Promise<ChunkHit[]> {
  const literal = `{${vector.join(',')}}`;
  const similarity = options.pgvector ? '1 - (c.embedding::vector <=> $3::real[]::vector)' : '(SELECT sum(a * b) FROM unnest(c.embedding, $3::real[]) AS v(a, b))';
  const { rows } = await db.query<HitRow>(
    `SELECT ${HIT_COLUMNS}, ${similarity} AS score
     FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
     WHERE ${SCOPE} AND c.embedding IS NOT NULL AND c.embedding_model = $4 AND cardinality(c.embedding) = $5
     ORDER BY score DESC, c.id LIMIT $6`,
    [...scopeValues(scope), literal, options.model, vector.length, options.limit],
  );
  return rows.map(hitOf);
}

export async function countEmbedded(db: Queryable, scope: SearchScope, model: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>(`SELECT count(*) AS count FROM knowledge_chunks c WHERE ${SCOPE} AND c.embedding IS NOT NULL AND c.embedding_model = $3`, [...scopeValues(scope), model]);
  return Number(rows[0]?.count ?? 0);
}

/** Marks the query's terms in a chunk with U+E000 / U+E001 (escaped and turned into <mark> by the caller). */
export async function highlight(db: Queryable, chunkIds: readonly string[], query: string): Promise<Map<string, string>> {
  if (chunkIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; snippet: string }>(
    `SELECT c.id, ts_headline(c.language, c.content, websearch_to_tsquery(c.language, $2), 'StartSel=\uE000, StopSel=\uE001, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
     FROM knowledge_chunks c WHERE c.id = ANY($1::uuid[])`,
    [chunkIds, query],
  );
  return new Map(rows.map((row) => [row.id, row.snippet]));
}

const hasPgvector = new WeakMap<object, Promise<boolean>>();

/** Whether the database has the `vector` extension installed (asked once per database). */
export function pgvectorInstalled(db: Queryable): Promise<boolean> {
  let known = hasPgvector.get(db);
  if (!known) {
    known = db.query<{ found: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS found").then((result) => result.rows[0]?.found === true);
    hasPgvector.set(db, known);
  }
  return known;
}
