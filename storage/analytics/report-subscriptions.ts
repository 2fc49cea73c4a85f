import type { Queryable } from '../../platform/db/database.js';

export type Cadence = 'weekly' | 'monthly';

export interface ReportSubscription {
  projectId: string;
  userId: string;
  cadence: Cadence;
  nextDueAt: Date;
  lastSentAt: Date | null;
}

interface Row {
  project_id: string;
  user_id: string;
  cadence: Cadence;
  next_due_at: Date;
  last_sent_at: Date | null;
}

const subscriptionOf = (row: Row): ReportSubscription => ({ projectId: row.project_id, userId: row.user_id, cadence: row.cadence, nextDueAt: row.next_due_at, lastSentAt: row.last_sent_at });

export async function findReportSubscription(db: Queryable, projectId: string, userId: string): Promise<ReportSubscription | null> {
  const { rows } = await db.query<Row>('SELECT project_id, user_id, cadence, next_due_at, last_sent_at FROM report_subscriptions WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
  return rows[0] ? subscriptionOf(rows[0]) : null;
}

/** Subscribes, or changes the cadence (the next report is then due `firstDueAt`). */
export async function upsertReportSubscription(db: Queryable, subscription: { projectId: string; userId: string; cadence: Cadence; firstDueAt: Date }): Promise<ReportSubscription> {
  const { rows } = await db.query<Row>(
    `INSERT INTO report_subscriptions (project_id, user_id, cadence, next_due_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (project_id, user_id) DO UPDATE SET cadence = EXCLUDED.cadence, next_due_at = EXCLUDED.next_due_at
     RETURNING project_id, user_id, cadence, next_due_at, last_sent_at`,
    [subscription.projectId, subscription.userId, subscription.cadence, subscription.firstDueAt],
  );
  return subscriptionOf(rows[0]!);
}

export async function deleteReportSubscription(db: Queryable, projectId: string, userId: string): Promise<boolean> {
  return (await db.query('DELETE FROM report_subscriptions WHERE project_id = $1 AND user_id = $2', [projectId, userId])).rowCount > 0;
}

/** Subscriptions owed a report at `now`, oldest first. */
export async function dueReportSubscriptions(db: Queryable, now: Date, limit: number): Promise<ReportSubscription[]> {
  const { rows } = await db.query<Row>('SELECT project_id, user_id, cadence, next_due_at, last_sent_at FROM report_subscriptions WHERE next_due_at <= $1 ORDER BY next_due_at LIMIT $2', [now, limit]);
  return rows.map(subscriptionOf);
}

/**
 * Claims one due report: moves its next time on, only if it is still the one read (a second
 * worker, or a retry, that read the same row claims nothing). True: this caller sends it.
 */
export async function claimDueReport(db: Queryable, subscription: ReportSubscription, next: Date, now: Date): Promise<boolean> {
  const claimed = await db.query("UPDATE report_subscriptions SET next_due_at = $4, last_sent_at = $5 WHERE project_id = $1 AND user_id = $2 AND date_trunc('milliseconds', next_due_at) = date_trunc('milliseconds', $3::timestamptz)", [subscription.projectId, subscription.userId, subscription.nextDueAt, next, now]);
  return claimed.rowCount === 1;
}

/** Gives a claim back after a failed send, so the next pass tries again. */
export async function releaseDueReport(db: Queryable, subscription: ReportSubscription): Promise<void> {
  await db.query('UPDATE report_subscriptions SET next_due_at = $3, last_sent_at = $4 WHERE project_id = $1 AND user_id = $2', [subscription.projectId, subscription.userId, subscription.nextDueAt, subscription.lastSentAt]);
}
