import { PROJECT_ROLES, can } from '../../identity/roles.js';
import type { Queryable } from '../../platform/db/database.js';

/** The roles that can mend an integration (the role table decides, not a role string). */
const MANAGER_ROLES = PROJECT_ROLES.filter((role) => can(role, 'integrations.manage'));

/** The project's members who can mend its integrations: who is told when one breaks. */
export async function integrationManagers(db: Queryable, projectId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM project_members WHERE project_id = $1 AND role = ANY($2::text[])', [projectId, MANAGER_ROLES]);
  return rows.map((row) => row.user_id);
}

/**
 * Switches an active integration to broken and, only when this call is the one that flipped it,
 * writes one `integration.broken` event and notifies the project's integration managers in-app.
 * One statement, so the flip and the telling commit together: however many deliveries fail
 * after it (each returning `broken`), and however many workers race, admins hear once per
 * breakage. (No live push: this runs in the delivery worker, which has no sockets; the inbox
 * shows it on its next poll.)
 */
export async function markIntegrationBroken(db: Queryable, integrationId: string, reason: string): Promise<boolean> {
  const { rows } = await db.query<{ flipped: string }>(
    `WITH flipped AS (
       UPDATE integrations SET status = 'broken', broken_reason = $2, updated_at = now()
       WHERE id::text = $1 AND status = 'active'
       RETURNING id, project_id, kind, name
     ), event AS (
       INSERT INTO document_events (project_id, document_name, kind, type, entry_id, actor, data)
       SELECT project_id, NULL, 'integration', 'integration.broken', id::text, 'server',
              jsonb_build_object('integrationId', id, 'name', name, 'integrationKind', kind, 'reason', $2::text)
       FROM flipped
       RETURNING id, project_id
     ), told AS (
       INSERT INTO notifications (user_id, event_id, project_id)
       SELECT m.user_id, event.id, event.project_id FROM event JOIN project_members m ON m.project_id = event.project_id
       WHERE m.role = ANY($3::text[])
       ON CONFLICT (event_id, user_id) DO NOTHING
       RETURNING user_id
     )
     SELECT (SELECT count(*) FROM flipped) AS flipped, (SELECT count(*) FROM told) AS told`,
    [integrationId, reason.slice(0, 500), MANAGER_ROLES],
  );
  return Number(rows[0]?.flipped ?? 0) > 0;
}
