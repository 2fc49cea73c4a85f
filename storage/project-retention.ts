import type { Database, Queryable } from '../platform/db/database.js';

/** A project's own retention in days; null: the instance default. */
export interface RetentionOverrides {
  auditDays: number | null;
  notificationDays: number | null;
  analyticsRawDays: number | null;
}

export interface StoredRetention extends RetentionOverrides {
  projectId: string;
  updatedBy: string | null;
  updatedAt: Date | null;
}

interface Row {
  project_id: string;
  audit_days: number | null;
  notification_days: number | null;
  analytics_raw_days: number | null;
  updated_by: string | null;
  updated_at: Date;
}

const toRetention = (row: Row): StoredRetention => ({
  projectId: row.project_id,
  auditDays: row.audit_days,
  notificationDays: row.notification_days,
  analyticsRawDays: row.analytics_raw_days,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at,
});

export async function readRetention(db: Queryable, projectId: string): Promise<StoredRetention> {
  const { rows } = await db.query<Row>('SELECT project_id, audit_days, notification_days, analytics_raw_days, updated_by, updated_at FROM project_retention WHERE project_id = $1', [projectId]);
  return rows[0] ? toRetention(rows[0]) : { projectId, auditDays: null, notificationDays: null, analyticsRawDays: null, updatedBy: null, updatedAt: null };
}

export async function writeRetention(tx: Queryable, projectId: string, values: RetentionOverrides, updatedBy: string | null): Promise<StoredRetention> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO project_retention (project_id, audit_days, notification_days, analytics_raw_days, updated_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (project_id) DO UPDATE SET audit_days = $2, notification_days = $3, analytics_raw_days = $4, updated_by = $5, updated_at = now()
     RETURNING project_id, audit_days, notification_days, analytics_raw_days, updated_by, updated_at`,
    [projectId, values.auditDays, values.notificationDays, values.analyticsRawDays, updatedBy],
  );
  return toRetention(rows[0]!);
}

/** Live projects with a retention of their own. */
export async function projectsWithRetention(db: Queryable): Promise<StoredRetention[]> {
  const { rows } = await db.query<Row>(
    `SELECT r.project_id, r.audit_days, r.notification_days, r.analytics_raw_days, r.updated_by, r.updated_at FROM project_retention r
     JOIN projects p ON p.id = r.project_id WHERE p.deleted_at IS NULL ORDER BY r.project_id`,
  );
  return rows.map(toRetention);
}

export async function pruneProjectNotifications(db: Queryable, projectId: string, before: Date): Promise<number> {
  return (await db.query('DELETE FROM notifications WHERE project_id = $1 AND created_at < $2', [projectId, before])).rowCount;
}

export async function pruneProjectAnalyticsEvents(db: Queryable, projectId: string, before: Date): Promise<number> {
  return (await db.query('DELETE FROM analytics_events WHERE project_id = $1 AND occurred_at < $2', [projectId, before])).rowCount;
}

/**
 * A project's audit records older than `before`. The audit log refuses deletes except in a
 * transaction marked as retention's (migration 0028), and never those without a project.
 */
export async function pruneProjectAudit(db: Database, projectId: string, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('studio.audit_retention', 'on', true)`);
    return (await tx.query('DELETE FROM audit_log WHERE project_id = $1 AND created_at < $2', [projectId, before])).rowCount;
  });
}
