import type { Queryable } from '../platform/db/database.js';

export type AggregateScope = 'item' | 'type' | 'campaign';

/** What one vote change adds to (or, negative, takes from) one aggregate row. */
export interface AggregateDelta {
  scope: AggregateScope;
  key: string;
  count: number;
  ratingSum: number;
  /** Per rating 1..5. */
  buckets: [number, number, number, number, number];
  feedbackCount: number;
  sentimentSum: number;
  comparativeSum: number;
}

export interface DailyDelta {
  scope: AggregateScope;
  key: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  count: number;
  ratingSum: number;
}

export interface TermDelta {
  key: string;
  polarity: 'positive' | 'negative';
  term: string;
  uses: number;
}

/** An aggregate row as stored: the sums a delta moves, plus its version and when it last moved. */
export interface StoredAggregate extends AggregateDelta {
  version: number;
  updatedAt: Date;
}

interface AggregateRow {
  scope: AggregateScope;
  scope_key: string;
  vote_count: number;
  rating_sum: string | number;
  rating_1: number;
  rating_2: number;
  rating_3: number;
  rating_4: number;
  rating_5: number;
  feedback_count: number;
  sentiment_sum: string | number;
  comparative_sum: number;
  version: string | number;
  updated_at: Date;
}

const AGGREGATE_COLUMNS = 'scope, scope_key, vote_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5, feedback_count, sentiment_sum, comparative_sum, version, updated_at';

// bigint columns arrive as strings from `pg` (and as numbers from PGlite); they stay far below 2^53.
function toAggregate(row: AggregateRow): StoredAggregate {
  return {
    scope: row.scope,
    key: row.scope_key,
    count: Number(row.vote_count),
    ratingSum: Number(row.rating_sum),
    buckets: [Number(row.rating_1), Number(row.rating_2), Number(row.rating_3), Number(row.rating_4), Number(row.rating_5)],
    feedbackCount: Number(row.feedback_count),
    sentimentSum: Number(row.sentiment_sum),
    comparativeSum: Number(row.comparative_sum),
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/**
 * Adds each delta to its row (creating it at zero first). The caller passes them in one global
 * order (see vote-delta.ts): two votes that touch the same rows then lock them in the same
 * order and never deadlock. Answers the rows as they are now.
 */
export async function applyAggregateDeltas(tx: Queryable, projectId: string, deltas: readonly AggregateDelta[]): Promise<StoredAggregate[]> {
  const updated: StoredAggregate[] = [];
  for (const delta of deltas) {
    const { rows } = await tx.query<AggregateRow>(
      `INSERT INTO vote_aggregates AS a (project_id, scope, scope_key, vote_count, rating_sum, rating_1, rating_2, rating_3, rating_4, rating_5, feedback_count, sentiment_sum, comparative_sum, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, now())
       ON CONFLICT (project_id, scope, scope_key) DO UPDATE SET
         vote_count = a.vote_count + excluded.vote_count, rating_sum = a.rating_sum + excluded.rating_sum,
         rating_1 = a.rating_1 + excluded.rating_1, rating_2 = a.rating_2 + excluded.rating_2, rating_3 = a.rating_3 + excluded.rating_3,
         rating_4 = a.rating_4 + excluded.rating_4, rating_5 = a.rating_5 + excluded.rating_5,
         feedback_count = a.feedback_count + excluded.feedback_count, sentiment_sum = a.sentiment_sum + excluded.sentiment_sum,
         comparative_sum = a.comparative_sum + excluded.comparative_sum, version = a.version + 1, updated_at = now()
       RETURNING ${AGGREGATE_COLUMNS}`,
      [projectId, delta.scope, delta.key, delta.count, delta.ratingSum, ...delta.buckets, delta.feedbackCount, delta.sentimentSum, delta.comparativeSum],
    );
    updated.push(toAggregate(rows[0]!));
  }
  return updated;
}

/** Adds each delta to its day (in the caller's global order, as above). */
export async function applyDailyDeltas(tx: Queryable, projectId: string, deltas: readonly DailyDelta[]): Promise<void> {
  for (const delta of deltas) {
    await tx.query(
      `INSERT INTO vote_daily AS d (project_id, scope, scope_key, day, vote_count, rating_sum) VALUES ($1, $2, $3, $4::date, $5, $6)
       ON CONFLICT (project_id, scope, scope_key, day) DO UPDATE SET vote_count = d.vote_count + excluded.vote_count, rating_sum = d.rating_sum + excluded.rating_sum`,
      [projectId, delta.scope, delta.key, delta.day, delta.count, delta.ratingSum],
    );
  }
}

/** Adds each delta to its term's count; a term no current feedback uses any more goes. */
export async function applyTermDeltas(tx: Queryable, projectId: string, deltas: readonly TermDelta[]): Promise<void> {
  for (const delta of deltas) {
    const { rows } = await tx.query<{ uses: number }>(
      `INSERT INTO vote_terms AS t (project_id, scope_key, polarity, term, uses) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id, scope_key, polarity, term) DO UPDATE SET uses = t.uses + excluded.uses
       RETURNING uses`,
      [projectId, delta.key, delta.polarity, delta.term, delta.uses],
    );
    if (Number(rows[0]!.uses) <= 0) await tx.query('DELETE FROM vote_terms WHERE project_id = $1 AND scope_key = $2 AND polarity = $3 AND term = $4', [projectId, delta.key, delta.polarity, delta.term]);
  }
}

/** A project's aggregates of one scope, all of them or those with the given keys. */
export async function readAggregates(db: Queryable, projectId: string, scope: AggregateScope, keys?: readonly string[]): Promise<StoredAggregate[]> {
  if (keys && keys.length === 0) return [];
  const { rows } = await db.query<AggregateRow>(
    `SELECT ${AGGREGATE_COLUMNS} FROM vote_aggregates WHERE project_id = $1 AND scope = $2 ${keys ? 'AND scope_key = ANY($3::text[])' : ''} ORDER BY scope_key`,
    keys ? [projectId, scope, keys] : [projectId, scope],
  );
  return rows.map(toAggregate);
}

export interface DailyTotal {
  day: string;
  count: number;
  ratingSum: number;
}

/**
 * Votes per day (or per ISO week, keyed by its Monday) since `fromDay` (inclusive), summed over the
 * given keys of a scope (every key when absent).
 */
export async function readDaily(db: Queryable, projectId: string, scope: AggregateScope, fromDay: string, options: { keys?: readonly string[]; per?: 'day' | 'week' } = {}): Promise<DailyTotal[]> {
  const { keys, per = 'day' } = options;
  const { rows } = await db.query<{ day: string; count: string | number; rating_sum: string | number }>(
    `SELECT to_char(date_trunc($4::text, day::timestamp), 'YYYY-MM-DD') AS day, sum(vote_count) AS count, sum(rating_sum) AS rating_sum FROM vote_daily
     WHERE project_id = $1 AND scope = $2 AND day >= $3::date ${keys ? 'AND scope_key = ANY($5::text[])' : ''}
     GROUP BY 1 HAVING sum(vote_count) > 0 ORDER BY 1`,
    keys ? [projectId, scope, fromDay, per, keys] : [projectId, scope, fromDay, per],
  );
  return rows.map((row) => ({ day: row.day, count: Number(row.count), ratingSum: Number(row.rating_sum) }));
}

/** An item's most used feedback terms of each polarity. */
export async function readTopTerms(db: Queryable, projectId: string, key: string, limit: number): Promise<{ polarity: 'positive' | 'negative'; term: string; uses: number }[]> {
  const { rows } = await db.query<{ polarity: 'positive' | 'negative'; term: string; uses: number }>(
    `SELECT polarity, term, uses FROM (
       SELECT polarity, term, uses, row_number() OVER (PARTITION BY polarity ORDER BY uses DESC, term) AS rank
       FROM vote_terms WHERE project_id = $1 AND scope_key = $2
     ) ranked WHERE rank <= $3 ORDER BY polarity, uses DESC, term`,
    [projectId, key, limit],
  );
  return rows.map((row) => ({ polarity: row.polarity, term: row.term, uses: Number(row.uses) }));
}

/** A project's most voted aggregates of a scope (ties by key), for an overview. */
export async function readMostVoted(db: Queryable, projectId: string, scope: AggregateScope, limit: number): Promise<StoredAggregate[]> {
  const { rows } = await db.query<AggregateRow>(
    `SELECT ${AGGREGATE_COLUMNS} FROM vote_aggregates WHERE project_id = $1 AND scope = $2 AND vote_count > 0 ORDER BY vote_count DESC, scope_key LIMIT $3`,
    [projectId, scope, limit],
  );
  return rows.map(toAggregate);
}
