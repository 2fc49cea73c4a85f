import type { Queryable } from '../../platform/db/database.js';

export type AnalyticsSource = 'client' | 'import';

export interface NewAnalyticsEvent {
  name: string;
  properties: Record<string, string | number | boolean>;
  occurredAt: Date;
}

/** One raw event as exports show it; `id` is a bigint, kept as a string. */
export interface StoredAnalyticsEvent {
  id: string;
  userId: string | null;
  source: AnalyticsSource;
  name: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
  receivedAt: Date;
}

interface EventRow {
  id: string;
  cursor_at: string;
  user_id: string | null;
  source: AnalyticsSource;
  name: string;
  properties: Record<string, unknown>;
  occurred_at: Date;
  received_at: Date;
}

/**
 * Stores a batch in one statement (arrays unnested), so a batch is there whole or not at all.
 * Properties travel as JSON text: one array of jsonb would need a driver-specific encoding.
 */
export async function insertAnalyticsEvents(db: Queryable, batch: { projectId: string; userId: string | null; source: AnalyticsSource; events: readonly NewAnalyticsEvent[] }): Promise<number> {
  if (batch.events.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO analytics_events (project_id, user_id, source, name, properties, occurred_at)
     SELECT $1, $2, $3, e.name, e.properties::jsonb, e.occurred_at
       FROM unnest($4::text[], $5::text[], $6::timestamptz[]) AS e (name, properties, occurred_at)`,
    [batch.projectId, batch.userId, batch.source, batch.events.map((e) => e.name), batch.events.map((e) => JSON.stringify(e.properties)), batch.events.map((e) => e.occurredAt.toISOString())],
  );
  return result.rowCount;
}

/**
 * Where an export page starts: after this event in (time, id) order. The time is PostgreSQL's own
 * text of it: a JavaScript Date keeps milliseconds, the column microseconds, and a cursor rounded
 * down would hand the page's last row out again at the top of the next one.
 */
export interface EventCursor {
  occurredAt: string;
  id: string;
}

/**
 * One page of a project's events in time order (keyset: each page starts after the last row of
 * the one before), so an export of millions of rows holds one page in memory at a time.
 */
export async function analyticsEventPage(db: Queryable, query: { projectId: string; from: Date; to: Date; after: EventCursor | null; limit: number }): Promise<{ events: StoredAnalyticsEvent[]; next: EventCursor | null }> {
  const after = query.after;
  const { rows } = await db.query<EventRow>(
    `SELECT id, occurred_at::text AS cursor_at, user_id, source, name, properties, occurred_at, received_at
       FROM analytics_events
      WHERE project_id = $1 AND occurred_at >= $2 AND occurred_at < $3
        ${after ? 'AND (occurred_at, id) > ($5::timestamptz, $6::bigint)' : ''}
      ORDER BY occurred_at, id
      LIMIT $4`,
    after ? [query.projectId, query.from, query.to, query.limit, after.occurredAt, after.id] : [query.projectId, query.from, query.to, query.limit],
  );
  const last = rows.at(-1);
  return {
    events: rows.map((row) => ({
      id: String(row.id),
      userId: row.user_id,
      source: row.source,
      name: row.name,
      properties: row.properties,
      occurredAt: row.occurred_at,
      receivedAt: row.received_at,
    })),
    next: rows.length === query.limit && last ? { occurredAt: last.cursor_at, id: String(last.id) } : null,
  };
}

/**
 * Removes raw events that occurred before `before`; answers how many went. Projects with a
 * retention of their own (project_retention) are left to the retention job, which prunes them by it.
 */
export async function pruneAnalyticsEvents(db: Queryable, before: Date): Promise<number> {
  return (
    await db.query(
      `DELETE FROM analytics_events WHERE occurred_at < $1
       AND project_id NOT IN (SELECT project_id FROM project_retention WHERE analytics_raw_days IS NOT NULL)`,
      [before],
    )
  ).rowCount;
}
