import type { Queryable } from '../platform/db/database.js';

/**
 * Who erased people become (migration 0031 creates the row): author fields, creators and feed
 * actors point here afterwards. Its email is reserved at sign-in and invitation (identity/users.ts).
 */
export const ERASED_USER = { id: '00000000-0000-4000-8000-0000000e7a5e', email: 'erased-user@invalid', name: 'Erased user' } as const;

export interface Person {
  id: string;
  email: string;
  name: string;
}

/** What locking the person out ended, for the access events sent once it commits. */
export interface LockedOut {
  sessionIds: string[];
  projectIds: string[];
  apiKeys: { id: string; projectId: string }[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const ident = (name: string): string => {
  if (!IDENTIFIER.test(name)) throw new Error(`unexpected identifier in the schema: ${name}`);
  return `"${name}"`;
};
const regexEscape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The person's row as stored, or null (no such person, or erased already). The tombstone is never a person. */
export async function findPerson(db: Queryable, userId: string): Promise<Person | null> {
  if (userId === ERASED_USER.id) return null;
  const { rows } = await db.query<Person>('SELECT id::text AS id, email, name FROM users WHERE id::text = $1', [userId]);
  return rows[0] ?? null;
}

/**
 * Projects where the person is the only owner: erasing them would leave the project without one.
 */
export async function projectsOnlyOwnedBy(db: Queryable, userId: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT p.id, p.name FROM project_members m JOIN projects p ON p.id = m.project_id
     WHERE m.user_id = $1 AND m.role = 'owner' AND p.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM project_members o WHERE o.project_id = m.project_id AND o.role = 'owner' AND o.user_id <> $1)
     ORDER BY p.name, p.id`,
    [userId],
  );
  return rows;
}

/**
 * First step of an erasure, before documents are reset: their sessions are revoked, their
 * memberships removed and the API keys they created revoked, so nothing of theirs can write into a
 * document between its reset and the end of the erasure. Safe to run again.
 */
export async function lockOutPerson(tx: Queryable, userId: string): Promise<LockedOut> {
  const sessionIds = (await tx.query<{ id: string }>(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'erased' WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId])).rows.map((r) => r.id);
  const projectIds = (await tx.query<{ project_id: string }>('DELETE FROM project_members WHERE user_id = $1 RETURNING project_id', [userId])).rows.map((r) => r.project_id);
  const apiKeys = (await tx.query<{ id: string; project_id: string }>(`UPDATE api_keys SET revoked_at = now() WHERE created_by = $1 AND revoked_at IS NULL RETURNING id, project_id`, [userId])).rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
  }));
  return { sessionIds, projectIds, apiKeys };
}

/**
 * Removes the person from every table but the documents' Yjs bytes (reset separately): rows that
 * are theirs alone go (sessions, identities, memberships, settings, exports); rows that are the
 * project's (cards' feed events, requests, comments, votes, keys they made, files they uploaded)
 * are re-pointed to the erased identity; their id, email and name are replaced in every text and
 * JSON column that holds them; then their row goes. Run in one transaction: it marks it so the
 * audit log's trigger lets it rewrite the records that name them, and only those.
 */
export async function erasePersonRows(tx: Queryable, person: Person): Promise<{ exportKeys: string[] }> {
  const id = person.id;
  await tx.query(`SELECT set_config('studio.erasure_user', $1, true), set_config('studio.erasure_email', $2, true)`, [id, person.email]);
  // Whatever was added since the lock-out (nothing should have been) goes the same way.
  await lockOutPerson(tx, id);
  const exportKeys = (await tx.query<{ storage_key: string }>('SELECT storage_key FROM data_exports WHERE user_id = $1 AND storage_key IS NOT NULL', [id])).rows.map((r) => r.storage_key);

  for (const table of ['project_members', 'notification_preferences', 'report_subscriptions', 'instance_admins', 'data_exports']) {
    await tx.query(`DELETE FROM ${ident(table)} WHERE user_id = $1`, [id]);
  }
  // Votes stay counted, anonymously: re-pointed to the erased identity, unless it already voted on
  // that item (another erased person's vote), when theirs goes (the aggregates keep counting it).
  await tx.query(
    `DELETE FROM votes v WHERE v.user_id = $1 AND EXISTS (SELECT 1 FROM votes t WHERE t.user_id = $2 AND t.project_id = v.project_id AND t.document_id = v.document_id AND t.entry_id = v.entry_id AND t.item_type = v.item_type)`,
    [id, ERASED_USER.id],
  );
  // Their AI chat conversations are theirs alone (messages and pins go with them).
  await tx.query('DELETE FROM knowledge_conversations WHERE caller = $1', [`user:${id}`]);
  // IP addresses of what they did are theirs too.
  await tx.query('UPDATE audit_log SET ip = NULL WHERE actor_user_id = $1 AND ip IS NOT NULL', [id]);

  await repointForeignKeys(tx, id);
  await scrubTextColumns(tx, person);
  await tx.query('DELETE FROM users WHERE id = $1', [id]);
  return { exportKeys };
}

/** Columns that reference users without ON DELETE CASCADE: they point to the erased identity instead. */
async function repointForeignKeys(tx: Queryable, userId: string): Promise<void> {
  const { rows } = await tx.query<{ table_name: string; column_name: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
     WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND c.confdeltype <> 'c'
     ORDER BY 1, 2`,
  );
  for (const row of rows) {
    await tx.query(`UPDATE ${ident(row.table_name)} SET ${ident(row.column_name)} = $2 WHERE ${ident(row.column_name)} = $1`, [userId, ERASED_USER.id]);
  }
}

/**
 * Every text and JSON column of our schema: their id and email replaced wherever they appear, and
 * their name where it is a whole value (a JSON string, a column) or inside a row that names them
 * by id or email. A name inside someone else's free text is left alone (it may be another person's
 * word). Each column is scanned once: erasure is rare, and correctness beats speed here.
 */
async function scrubTextColumns(tx: Queryable, person: Person): Promise<void> {
  const { rows } = await tx.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'jsonb', 'json', 'character varying')
       AND c.table_name NOT IN ('users', 'schema_migrations')
     ORDER BY 1, 2`,
  );
  const emailPattern = regexEscape(person.email);
  // A one-letter name would match far too much as a whole value; such a name is left where it is a whole value.
  const withName = person.name.trim().length >= 2;
  for (const row of rows) {
    const table = ident(row.table_name);
    const column = ident(row.column_name);
    const json = row.data_type === 'jsonb' || row.data_type === 'json';
    const text = json ? `${column}::text` : column;
    const mentions = `(strpos(${text}, $1) > 0 OR strpos(lower(${text}), lower($3)) > 0)`;
    let set = `regexp_replace(replace(${text}, $1, $2), $4, $5, 'gi')`;
    let where = mentions;
    const values: unknown[] = [person.id, ERASED_USER.id, person.email, emailPattern, ERASED_USER.email];
    if (withName) {
      // In JSON the name is matched as JSON writes it (escaped), and as a whole string value by its quotes.
      const name = json ? JSON.stringify(person.name).slice(1, -1) : person.name;
      values.push(name, ERASED_USER.name);
      set = `CASE WHEN ${mentions} THEN replace(${set}, $6, $7) ELSE ${set} END`;
      if (json) {
        values.push(JSON.stringify(person.name), JSON.stringify(ERASED_USER.name));
        set = `replace(${set}, $8, $9)`;
        // The audit log's trigger allows rewriting rows that name them by id or email only.
        if (row.table_name !== 'audit_log') where = `(${mentions} OR strpos(${text}, $8) > 0)`;
      } else {
        set = `CASE WHEN ${column} = $6 THEN $7 ELSE ${set} END`;
        if (row.table_name !== 'audit_log') where = `(${mentions} OR ${column} = $6)`;
      }
    }
    if (json) set = `(${set})::${row.data_type}`;
    await tx.query(`UPDATE ${table} SET ${column} = ${set} WHERE ${column} IS NOT NULL AND ${where}`, values);
  }
}
