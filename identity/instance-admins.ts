import type { Queryable } from '../platform/db/database.js';

/** Whether this person runs the installation (see migration 0017): checked on every admin request, so a revoke is immediate. */
export async function isInstanceAdmin(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM instance_admins WHERE user_id = $1', [userId]);
  return rows.length > 0;
}

export async function grantInstanceAdmin(db: Queryable, email: string, grantedBy: string): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO instance_admins (user_id, granted_by) SELECT id, $2 FROM users WHERE lower(email) = lower($1)
     ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
    [email, grantedBy],
  );
  return rows.length > 0;
}

export async function revokeInstanceAdmin(db: Queryable, email: string): Promise<boolean> {
  const { rows } = await db.query('DELETE FROM instance_admins a USING users u WHERE a.user_id = u.id AND lower(u.email) = lower($1) RETURNING a.user_id', [email]);
  return rows.length > 0;
}

export async function listInstanceAdmins(db: Queryable): Promise<{ email: string; grantedAt: Date; grantedBy: string }[]> {
  const { rows } = await db.query<{ email: string; granted_at: Date; granted_by: string }>(
    'SELECT u.email, a.granted_at, a.granted_by FROM instance_admins a JOIN users u ON u.id = a.user_id ORDER BY a.granted_at',
  );
  return rows.map((row) => ({ email: row.email, grantedAt: row.granted_at, grantedBy: row.granted_by }));
}
