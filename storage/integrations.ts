import type { Queryable } from '../platform/db/database.js';

export type IntegrationKind = 'discord' | 'slack' | 'jira' | 'email';
export type IntegrationStatus = 'active' | 'broken' | 'disabled';

/** A project's integration as stored; `secret` stays sealed here (see platform/secrets). */
export interface StoredIntegration {
  id: string;
  projectId: string;
  kind: IntegrationKind;
  name: string;
  settings: Record<string, unknown>;
  sealedSecret: string | null;
  eventTypes: string[];
  status: IntegrationStatus;
  brokenReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  project_id: string;
  kind: IntegrationKind;
  name: string;
  settings: Record<string, unknown>;
  secret: string | null;
  event_types: string[];
  status: IntegrationStatus;
  broken_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, project_id, kind, name, settings, secret, event_types, status, broken_reason, created_at, updated_at';

function toIntegration(row: Row): StoredIntegration {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    name: row.name,
    settings: row.settings,
    sealedSecret: row.secret,
    eventTypes: row.event_types,
    status: row.status,
    brokenReason: row.broken_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertIntegration(
  db: Queryable,
  input: { projectId: string; kind: IntegrationKind; name: string; settings: Record<string, unknown>; sealedSecret: string | null; eventTypes: readonly string[] },
): Promise<StoredIntegration> {
  const { rows } = await db.query<Row>(
    `INSERT INTO integrations (project_id, kind, name, settings, secret, event_types) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [input.projectId, input.kind, input.name, JSON.stringify(input.settings), input.sealedSecret, [...input.eventTypes]],
  );
  return toIntegration(rows[0]!);
}

/** The integration a delivery's destination names (its id), whatever its status. */
export async function getIntegration(db: Queryable, id: string): Promise<StoredIntegration | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM integrations WHERE id::text = $1`, [id]);
  return rows[0] ? toIntegration(rows[0]) : null;
}

export async function listIntegrations(db: Queryable, projectId: string): Promise<StoredIntegration[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM integrations WHERE project_id = $1 ORDER BY created_at, id`, [projectId]);
  return rows.map(toIntegration);
}

/** What an admin may change; absent fields stay as they are. Re-activating clears the broken reason. */
export interface IntegrationChanges {
  name?: string;
  settings?: Record<string, unknown>;
  sealedSecret?: string;
  eventTypes?: readonly string[];
  status?: 'active' | 'disabled';
}

/** Changes a project's integration; null when the project has no such integration. */
export async function updateIntegration(db: Queryable, projectId: string, id: string, changes: IntegrationChanges): Promise<StoredIntegration | null> {
  const { rows } = await db.query<Row>(
    `UPDATE integrations SET
       name = coalesce($3, name),
       settings = coalesce($4::jsonb, settings),
       secret = coalesce($5, secret),
       event_types = coalesce($6::text[], event_types),
       status = coalesce($7, status),
       broken_reason = CASE WHEN $7::text IS NULL THEN broken_reason ELSE NULL END,
       updated_at = now()
     WHERE project_id = $1 AND id::text = $2 RETURNING ${COLUMNS}`,
    [
      projectId,
      id,
      changes.name ?? null,
      changes.settings ? JSON.stringify(changes.settings) : null,
      changes.sealedSecret ?? null,
      changes.eventTypes ? [...changes.eventTypes] : null,
      changes.status ?? null,
    ],
  );
  return rows[0] ? toIntegration(rows[0]) : null;
}

/** Deletes a project's integration; whether there was one. Its deliveries stay, as history. */
export async function deleteIntegration(db: Queryable, projectId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM integrations WHERE project_id = $1 AND id::text = $2', [projectId, id]);
  return rowCount > 0;
}

export async function countIntegrations(db: Queryable, projectId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM integrations WHERE project_id = $1', [projectId]);
  return Number(rows[0]?.n ?? 0);
}
