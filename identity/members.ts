import type { Queryable } from '../platform/db/database.js';
import { isUuid } from './projects.js';
import { type ProjectRole, can, lesserRole } from './roles.js';

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

/** The live projects a user belongs to (any role). */
export async function projectIdsOf(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ project_id: string }>(
    'SELECT m.project_id FROM project_members m JOIN projects p ON p.id = m.project_id WHERE m.user_id = $1 AND p.deleted_at IS NULL',
    [userId],
  );
  return rows.map((row) => row.project_id);
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

/**
 * Who asks for a membership change. A person is judged by their role as their own membership
 * row says now; an API key acts for its creator, with at most the role it was presented with.
 */
export type MemberActor = { type: 'user'; userId: string } | { type: 'apiKey'; role: ProjectRole; createdBy: string };

/** The right an actor lacked. */
export type MemberRefusal = 'members.manage' | 'members.manageOwners';

export type MemberAddResult = { outcome: 'added'; member: Member } | { outcome: 'already_member' } | { outcome: 'forbidden'; missing: MemberRefusal };

export type MemberChangeResult =
  | { outcome: 'changed'; member: Member; previousRole: ProjectRole }
  | { outcome: 'not_found' }
  | { outcome: 'forbidden'; missing: MemberRefusal }
  | { outcome: 'last_owner' };

/**
 * The rule for every membership change: managing members needs `members.manage`, and making,
 * changing or removing an owner needs `members.manageOwners`; anyone may leave. Pure: the
 * callers pass roles read from rows they hold locked.
 */
export function memberChangeRefusal(actorRole: ProjectRole | null, change: { from: ProjectRole | null; to: ProjectRole | null; leaving: boolean }): MemberRefusal | null {
  if (change.leaving) return null;
  if (!can(actorRole, 'members.manage')) return 'members.manage';
  if ((change.from === 'owner' || change.to === 'owner') && !can(actorRole, 'members.manageOwners')) return 'members.manageOwners';
  return null;
}

interface LockedRow {
  user_id: string;
  role: ProjectRole;
}

/**
 * Locks, in one statement, the given members' rows and every owner's, in user id order: two
 * changes that lock overlapping rows take them in the same order and never deadlock. A row
 * changed by a transaction that commits while we wait is returned as it is now.
 */
async function lockMembers(tx: Queryable, projectId: string, userIds: string[]): Promise<LockedRow[]> {
  const { rows } = await tx.query<LockedRow>(
    `SELECT user_id, role FROM project_members
     WHERE project_id = $1 AND (user_id = ANY($2::uuid[]) OR role = 'owner')
     ORDER BY user_id FOR UPDATE`,
    [projectId, [...new Set(userIds)]],
  );
  return rows;
}

function actorUserId(actor: MemberActor): string {
  return actor.type === 'user' ? actor.userId : actor.createdBy;
}

/** The actor's role now, from the locked rows: a key never does more than its creator may. */
function actorRoleIn(rows: LockedRow[], actor: MemberActor): ProjectRole | null {
  const own = rows.find((row) => row.user_id === actorUserId(actor))?.role ?? null;
  if (actor.type === 'user' || own === null) return own;
  return lesserRole(actor.role, own);
}

/**
 * Adds the user with `role`, if the actor may (judged on their locked row, as `changeMember`
 * does), or reports that they already are a member.
 */
export async function addMember(tx: Queryable, change: { projectId: string; actor: MemberActor; userId: string; role: ProjectRole }): Promise<MemberAddResult> {
  const rows = await lockMembers(tx, change.projectId, [actorUserId(change.actor)]);
  const missing = memberChangeRefusal(actorRoleIn(rows, change.actor), { from: null, to: change.role, leaving: false });
  if (missing) return { outcome: 'forbidden', missing };
  const inserted = await tx.query('INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [change.projectId, change.userId, change.role]);
  const member = inserted.rowCount > 0 ? await getMember(tx, change.projectId, change.userId) : null;
  return member ? { outcome: 'added', member } : { outcome: 'already_member' };
}

/**
 * Changes a role (`role` null: removes the member), deciding inside the transaction whether
 * the actor may, on rows locked until it commits: the actor's, the target's and every
 * owner's. So an admin cannot demote someone an owner promoted a moment ago, an actor demoted
 * meanwhile is judged by their new role, and two concurrent demotions cannot both pass the
 * last-owner check.
 */
export async function changeMember(
  tx: Queryable,
  change: { projectId: string; actor: MemberActor; userId: string; role: ProjectRole | null },
): Promise<MemberChangeResult> {
  const { projectId, actor, userId, role } = change;
  if (!isUuid(userId)) return { outcome: 'not_found' };
  const rows = await lockMembers(tx, projectId, [userId, actorUserId(actor)]);
  const target = rows.find((row) => row.user_id === userId);
  const leaving = role === null && actor.type === 'user' && actor.userId === userId;
  const missing = memberChangeRefusal(actorRoleIn(rows, actor), { from: target?.role ?? null, to: role, leaving });
  // Refused before "not found": who may not manage members learns nothing about who is one.
  if (missing) return { outcome: 'forbidden', missing };
  const member = target ? await getMember(tx, projectId, userId) : null;
  if (!target || !member) return { outcome: 'not_found' };
  if (target.role === 'owner' && role !== 'owner' && rows.filter((row) => row.role === 'owner').length <= 1) return { outcome: 'last_owner' };
  if (role === null) {
    await tx.query('DELETE FROM project_members WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
    // A member's grants go with them: kept, they would read as guest access to those documents.
    await tx.query('DELETE FROM document_grants WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
    return { outcome: 'changed', member, previousRole: target.role };
  }
  await tx.query('UPDATE project_members SET role = $3, updated_at = now() WHERE project_id = $1 AND user_id = $2', [projectId, userId, role]);
  return { outcome: 'changed', member: { ...member, role }, previousRole: target.role };
}

/** The people in a live project (any role), for whoever tells all of them something. */
export async function memberUserIds(db: Queryable, projectId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    'SELECT m.user_id FROM project_members m JOIN projects p ON p.id = m.project_id WHERE m.project_id = $1 AND p.deleted_at IS NULL',
    [projectId],
  );
  return rows.map((row) => row.user_id);
}
