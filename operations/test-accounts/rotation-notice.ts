import type { Queryable } from '../../platform/db/database.js';

/** The project's members whose role may reveal an account: who is told its password is due. */
export async function revealersOf(db: Queryable, projectId: string, revealRoles: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM project_members WHERE project_id = $1 AND role = ANY($2::text[])', [projectId, [...revealRoles]]);
  return rows.map((row) => row.user_id);
}

export interface RotationNotice {
  accountId: string;
  projectId: string;
  service: string;
  environment: string;
  revealRoles: readonly string[];
  /** `remind`: no rotator, someone should change it; `failed`: the rotator did not give a new one. */
  reason: 'remind' | 'failed';
  error: string | null;
}

/**
 * Writes one `test-account.rotation-due` event and an in-app notification of it for each member who
 * may reveal the account, in one statement (as an integration's breakage is told). In-app only, on
 * purpose: not fanned out to the project's chat integrations or email, where a vault's state has no
 * business. Names the service, never a secret.
 */
export async function noticeRotationDue(db: Queryable, notice: RotationNotice): Promise<void> {
  await db.query(
    `WITH event AS (
       INSERT INTO document_events (project_id, document_name, kind, type, entry_id, actor, data)
       VALUES ($1, NULL, 'test-account', 'test-account.rotation-due', $2, 'server', $3::jsonb)
       RETURNING id, project_id
     )
     INSERT INTO notifications (user_id, event_id, project_id)
     SELECT m.user_id, event.id, event.project_id FROM event JOIN project_members m ON m.project_id = event.project_id
     WHERE m.role = ANY($4::text[])
     ON CONFLICT (event_id, user_id) DO NOTHING`,
    [
      notice.projectId,
      notice.accountId,
      JSON.stringify({ service: notice.service, environment: notice.environment, reason: notice.reason, error: notice.error, revealRoles: notice.revealRoles, linkPath: `/#/p/${notice.projectId}/test-accounts` }),
      [...notice.revealRoles],
    ],
  );
}
