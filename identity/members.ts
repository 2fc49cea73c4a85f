import type { Queryable } from '../server/db/database.js';
import { isUuid } from './projects.js';
import type { ProjectRole } from './roles.js';

export interface Member {
  userId: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  role: ProjectRole;
  joinedAt: Date;
}

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  avatar_url: string | null;
  role: ProjectRole;
  created_at: Date;
}

function toMember(row: MemberRow): Member {
  return { userId: row.user_id, email: row.email, name: row.name, avatarUrl: row.avatar_url, role: row.role, joinedAt: row.created_at };
}

const SELECT_MEMBERS = `SELECT m.user_id, u.email, u.name, u.avatar_url, m.role, m.created_at
  FROM project_members m JOIN users u ON u.id = m.user_id`;

/** The user's role in a live project, or null when they are not a member (or it does not exist). */
export async function getRole(db: Queryable, projectId: string, userId: string): Promise<ProjectRole | null> {
  if (!isUuid(projectId)) return null;
  const { rows } = await db.query<{ role: ProjectRole }>(
    `SELECT m.role FROM project_members m JOIN projects p ON p.id = m.project_id
     WHERE m.project_id = $1 AND m.user_id = $2 AND p.deleted_at IS NULL`,
    [projectId, userId],
  );
  return rows[0]?.role ?? null;
}

export async function listMembers(db: Queryable, projectId: string): Promise<Member[]> {
  const { rows } = await db.query<MemberRow>(`${SELECT_MEMBERS} WHERE m.project_id = $1 ORDER BY m.created_at, u.email`, [projectId]);
  return rows.map(toMember);
}

export async function getMember(db: Queryable, projectId: string, userId: string): Promise<Member | null> {
  if (!isUuid(userId)) return null;
  const { rows } = await db.query<MemberRow>(`${SELECT_MEMBERS} WHERE m.project_id = $1 AND m.user_id = $2`, [projectId, userId]);
  return rows[0] ? toMember(rows[0]) : null;
}

/** Adds the user, or returns null when they already are a member. */
export async function addMember(tx: Queryable, projectId: string, userId: string, role: ProjectRole): Promise<Member | null> {
  const inserted = await tx.query('INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [projectId, userId, role]);
  return inserted.rowCount > 0 ? getMember(tx, projectId, userId) : null;
}

export type MemberChangeResult = { outcome: 'changed'; member: Member; previousRole: ProjectRole } | { outcome: 'not_found' } | { outcome: 'last_owner' };

/**
 * Changes a role (`role` null: removes the member). The project's owners are locked first, so
 * two concurrent demotions cannot both pass the last-owner check.
 */
export async function changeMember(tx: Queryable, projectId: string, userId: string, role: ProjectRole | null): Promise<MemberChangeResult> {
  const member = await getMember(tx, projectId, userId);
  if (!member) return { outcome: 'not_found' };
  if (member.role === 'owner' && role !== 'owner') {
    const owners = await tx.query<{ user_id: string }>(
      "SELECT user_id FROM project_members WHERE project_id = $1 AND role = 'owner' FOR UPDATE",
      [projectId],
    );
    if (owners.rows.length <= 1) return { outcome: 'last_owner' };
  }
  if (role === null) {
    await tx.query('DELETE FROM project_members WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
    return { outcome: 'changed', member, previousRole: member.role };
  }
  await tx.query('UPDATE project_members SET role = $3, updated_at = now() WHERE project_id = $1 AND user_id = $2', [projectId, userId, role]);
  return { outcome: 'changed', member: { ...member, role }, previousRole: member.role };
}
