import type { Queryable } from '../platform/db/database.js';
import type { ProjectRole } from './roles.js';

export interface Project {
  id: string;
  name: string;
  description: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

interface ProjectRow {
  id: string;
  name: string;
  description: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'p.id, p.name, p.description, p.created_by, p.created_at, p.updated_at';

function toProject(row: ProjectRow): Project {
  return { id: row.id, name: row.name, description: row.description, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs; a malformed one is simply not found (and never reaches SQL as a bad uuid). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * A UUID as stored (lower case), or null for anything that is not one. PostgreSQL matches a
 * uuid in any case, but what compares strings afterwards does not (document names and their
 * CHECK constraint, audit targets, the access events live connections follow); a non-UUID is
 * answered as not found, like an id that does not exist.
 */
export function normalizedUuid(value: unknown): string | null {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}

/** The creator becomes the project's first owner. */
export async function createProject(tx: Queryable, options: { name: string; description: string; createdBy: string }): Promise<Project> {
  const { rows } = await tx.query<ProjectRow>(
    `INSERT INTO projects AS p (name, description, created_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [options.name, options.description, options.createdBy],
  );
  const project = toProject(rows[0]!);
  await tx.query("INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, 'owner')", [project.id, options.createdBy]);
  return project;
}

export async function getProject(db: Queryable, id: string): Promise<Project | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<ProjectRow>(`SELECT ${COLUMNS} FROM projects p WHERE p.id = $1 AND p.deleted_at IS NULL`, [id]);
  return rows[0] ? toProject(rows[0]) : null;
}

export async function listProjectsForUser(
  db: Queryable,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ projects: (Project & { role: ProjectRole })[]; total: number }> {
  const { rows } = await db.query<ProjectRow & { role: ProjectRole; total: string }>(
    `SELECT ${COLUMNS}, m.role, count(*) OVER () AS total
     FROM projects p JOIN project_members m ON m.project_id = p.id
     WHERE m.user_id = $1 AND p.deleted_at IS NULL
     ORDER BY p.created_at DESC, p.id LIMIT $2 OFFSET $3`,
    [userId, page.limit, page.offset],
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && page.offset > 0) {
    const counted = await db.query<{ total: string }>(
      'SELECT count(*) AS total FROM projects p JOIN project_members m ON m.project_id = p.id WHERE m.user_id = $1 AND p.deleted_at IS NULL',
      [userId],
    );
    total = Number(counted.rows[0]!.total);
  }
  return { projects: rows.map((row) => ({ ...toProject(row), role: row.role })), total };
}

export async function updateProject(tx: Queryable, id: string, changes: { name?: string | undefined; description?: string | undefined }): Promise<Project | null> {
  const { rows } = await tx.query<ProjectRow>(
    `UPDATE projects p SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now()
     WHERE p.id = $1 AND p.deleted_at IS NULL RETURNING ${COLUMNS}`,
    [id, changes.name ?? null, changes.description ?? null],
  );
  return rows[0] ? toProject(rows[0]) : null;
}

/** Soft delete: the project disappears from every read, its history stays for the audit log. */
export async function deleteProject(tx: Queryable, id: string): Promise<boolean> {
  const result = await tx.query('UPDATE projects SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL', [id]);
  return result.rowCount > 0;
}
