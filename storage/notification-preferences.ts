import type { Queryable } from '../platform/db/database.js';

/** A person's stored choices for a project, as stored: `channels` is read (leniently) by operations/notifications/preferences. */
export interface StoredPreferences {
  userId: string;
  channels: unknown;
  emailDigestMinutes: number | null;
  updatedAt: Date;
}

interface Row {
  user_id: string;
  channels: unknown;
  email_digest_minutes: number | null;
  updated_at: Date;
}

const COLUMNS = 'user_id, channels, email_digest_minutes, updated_at';
const toStored = (row: Row): StoredPreferences => ({ userId: row.user_id, channels: row.channels, emailDigestMinutes: row.email_digest_minutes, updatedAt: row.updated_at });

/** The choices of some people in one project (one query for all of an event's recipients); people who never chose are absent. */
export async function loadPreferences(db: Queryable, projectId: string, userIds: readonly string[]): Promise<StoredPreferences[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM notification_preferences WHERE project_id = $1 AND user_id::text = ANY($2::text[])`, [projectId, [...userIds]]);
  return rows.map(toStored);
}

/** Replaces a person's choices for a project (a PUT: what is left out goes back to the defaults). */
export async function storePreferences(db: Queryable, projectId: string, userId: string, choices: { channels: unknown; emailDigestMinutes: number | null }): Promise<StoredPreferences> {
  const { rows } = await db.query<Row>(
    `INSERT INTO notification_preferences (project_id, user_id, channels, email_digest_minutes) VALUES ($1, $2, $3, $4)
     ON CONFLICT (project_id, user_id) DO UPDATE SET channels = EXCLUDED.channels, email_digest_minutes = EXCLUDED.email_digest_minutes, updated_at = now()
     RETURNING ${COLUMNS}`,
    [projectId, userId, JSON.stringify(choices.channels), choices.emailDigestMinutes],
  );
  return toStored(rows[0]!);
}
