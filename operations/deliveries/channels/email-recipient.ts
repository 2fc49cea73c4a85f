import type { Queryable } from '../../../platform/db/database.js';
import { preferencesOf } from '../../notifications/load-preferences.js';
import { wants } from '../../notifications/preferences.js';
import type { Outgoing } from '../channel.js';

export interface EmailRecipient {
  id: string;
  email: string;
  name: string;
}

/** The person a destination (`user:<uuid>`) names, or why there is nobody to write to. */
export async function emailRecipientOf(db: Queryable, destination: string): Promise<EmailRecipient | { missing: string }> {
  const id = /^user:([0-9a-f-]{36})$/i.exec(destination)?.[1];
  if (!id) return { missing: 'not a person' };
  const { rows } = await db.query<EmailRecipient>('SELECT id::text AS id, email, name FROM users WHERE id::text = $1', [id.toLowerCase()]);
  const person = rows[0];
  if (!person) return { missing: 'no such person' };
  if (!person.email.trim()) return { missing: 'the person has no email address' };
  return person;
}

/**
 * Of a batch planned earlier (a digest can wait a day), what may still go to the person now: only
 * events of projects they are still a member of, of types they still want by email. The rest is
 * settled without sending (its reason as the delivery's reference).
 */
export async function stillWanted(db: Queryable, userId: string, batch: readonly Outgoing[]): Promise<{ keep: Outgoing[]; skipped: Map<string, string> }> {
  const projects = [...new Set(batch.map((item) => item.event.projectId))];
  const { rows } = await db.query<{ project_id: string }>(
    `SELECT m.project_id::text AS project_id FROM project_members m JOIN projects p ON p.id = m.project_id
     WHERE m.user_id::text = $1 AND m.project_id::text = ANY($2::text[]) AND p.deleted_at IS NULL`,
    [userId, projects],
  );
  const member = new Set(rows.map((row) => row.project_id));
  const preferences = new Map<string, Awaited<ReturnType<typeof preferencesOf>>>();
  for (const projectId of member) preferences.set(projectId, await preferencesOf(db, projectId, [userId]));
  const keep: Outgoing[] = [];
  const skipped = new Map<string, string>();
  for (const item of batch) {
    const { projectId, type } = item.event;
    if (!member.has(projectId)) skipped.set(item.delivery.id, 'not sent: no longer a member of the project');
    else if (!wants(preferences.get(projectId)?.get(userId), type, 'email')) skipped.set(item.delivery.id, 'not sent: email turned off for this event type');
    else keep.push(item);
  }
  return { keep, skipped };
}
