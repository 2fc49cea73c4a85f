import type { Queryable } from '../../platform/db/database.js';

export type Granularity = 'hour' | 'day';

/**
 * Who made a feed event, in the same terms as an analytics event's user id: the feed writes
 * 'user:<uuid>' (or 'key:<uuid>', or 'server', which is nobody), so one person counts once.
 */
const FEED_ACTOR = "CASE WHEN actor LIKE 'user:%' THEN substr(actor, 6) WHEN actor = 'server' THEN NULL ELSE actor END";
export type RollupSource = 'client' | 'import' | 'feed';

export interface RollupPoint {
  bucketStart: Date;
  source: RollupSource;
  name: string;
  events: number;
  users: number;
}

interface RollupRow {
  bucket_start: Date;
  source: RollupSource;
  name: string;
  events: string;
  users: number;
}

/**
 * Recomputes every rollup of one granularity whose bucket starts in [from, to) from the raw
 * events and the change feed: deleted, then inserted, in the caller's transaction. Recomputing
 * (rather than adding) makes a second run, or a run after late events, give the same rows.
 * `from` and `to` must be bucket boundaries (UTC).
 */
export async function recomputeRollups(tx: Queryable, window: { granularity: Granularity; from: Date; to: Date; projectId?: string }): Promise<number> {
  const { granularity, from, to } = window;
  // Null: every project (the routine pass); an id: that project only (after its import).
  const project = window.projectId ?? null;
  await tx.query('DELETE FROM analytics_rollups WHERE granularity = $1 AND bucket_start >= $2 AND bucket_start < $3 AND ($4::uuid IS NULL OR project_id = $4)', [granularity, from, to, project]);
  const inserted = await tx.query(
    `INSERT INTO analytics_rollups (project_id, granularity, bucket_start, source, name, events, users)
     SELECT project_id, $1, date_trunc($1, occurred_at, 'UTC'), source, name, count(*), count(DISTINCT who)
       FROM (
         SELECT project_id, source, name, user_id::text AS who, occurred_at
           FROM analytics_events WHERE occurred_at >= $2 AND occurred_at < $3 AND ($4::uuid IS NULL OR project_id = $4)
         UNION ALL
         -- Document changes: the feed's type is the name.
         SELECT e.project_id, 'feed', e.type, ${FEED_ACTOR}, e.occurred_at
           FROM document_events e JOIN projects p ON p.id = e.project_id
          WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND ($4::uuid IS NULL OR e.project_id = $4)
       ) AS happened
      GROUP BY 1, 3, 4, 5`,
    [granularity, from, to, project],
  );
  return inserted.rowCount;
}

/** Projects with rollups of this granularity in [from, to). */
export async function projectsWithRollups(db: Queryable, window: { granularity: Granularity; from: Date; to: Date }): Promise<string[]> {
  const { rows } = await db.query<{ project_id: string }>('SELECT DISTINCT project_id FROM analytics_rollups WHERE granularity = $1 AND bucket_start >= $2 AND bucket_start < $3', [window.granularity, window.from, window.to]);
  return rows.map((row) => row.project_id);
}

/** A project's rollups in [from, to), oldest first; `names` narrows to those event names. */
export async function readRollups(db: Queryable, query: { projectId: string; granularity: Granularity; from: Date; to: Date; sources: readonly RollupSource[] }): Promise<RollupPoint[]> {
  const { rows } = await db.query<RollupRow>(
    `SELECT bucket_start, source, name, events, users FROM analytics_rollups
      WHERE project_id = $1 AND granularity = $2 AND bucket_start >= $3 AND bucket_start < $4 AND source = ANY($5::text[])
      ORDER BY bucket_start, source, name`,
    [query.projectId, query.granularity, query.from, query.to, [...query.sources]],
  );
  return rows.map((row) => ({ bucketStart: row.bucket_start, source: row.source, name: row.name, events: Number(row.events), users: row.users }));
}

/** Distinct people active in [from, to) in either source: the dashboard's headline, read from raw rows (not additive across buckets). */
export async function activePeople(db: Queryable, query: { projectId: string; from: Date; to: Date }): Promise<number> {
  const { rows } = await db.query<{ people: string }>(
    `SELECT count(DISTINCT who) AS people FROM (
       SELECT user_id::text AS who FROM analytics_events WHERE project_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND user_id IS NOT NULL
       UNION
       SELECT ${FEED_ACTOR} FROM document_events WHERE project_id = $1 AND occurred_at >= $2 AND occurred_at < $3
     ) AS active WHERE who IS NOT NULL`,
    [query.projectId, query.from, query.to],
  );
  return Number(rows[0]?.people ?? 0);
}

/** Removes rollups of one granularity whose bucket starts before `before`. */
export async function pruneRollups(db: Queryable, granularity: Granularity, before: Date): Promise<number> {
  return (await db.query('DELETE FROM analytics_rollups WHERE granularity = $1 AND bucket_start < $2', [granularity, before])).rowCount;
}
