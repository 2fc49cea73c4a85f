import type { Queryable } from '../platform/db/database.js';

/**
 * Everything stored about one person, found by the columns that name them. Each section lists its
 * columns explicitly: secrets (refresh-token hashes, API-key hashes, Google refresh tokens, the
 * test-accounts vault) are never selected, so they cannot reach an export. Erasure
 * (`storage/erase-person.ts`) does not walk these sections: it walks the schema itself (every
 * foreign key to users, every text and JSON column), so a table added later is erased too.
 */
export interface PersonalSection {
  /** The file it becomes in an export: `<name>.json`. */
  name: string;
  /** Where the rows come from, for the README and for erasure. */
  source: string;
  read(db: Queryable, userId: string): Promise<Record<string, unknown>[]>;
}

const actor = (userId: string) => `user:${userId}`;

async function rows(db: Queryable, sql: string, values: unknown[]): Promise<Record<string, unknown>[]> {
  return (await db.query<Record<string, unknown>>(sql, values)).rows;
}

export const PERSONAL_SECTIONS: readonly PersonalSection[] = [
  {
    name: 'profile',
    source: 'users, user_identities, google_accounts (no tokens)',
    read: async (db, userId) => [
      ...(await rows(db, `SELECT 'user' AS kind, id, email, name, name_source, color, avatar_url, created_at, updated_at FROM users WHERE id = $1`, [userId])),
      ...(await rows(db, `SELECT 'identity' AS kind, provider, subject, created_at FROM user_identities WHERE user_id = $1 ORDER BY created_at`, [userId])),
      ...(await rows(db, `SELECT 'google-account' AS kind, id, google_subject, email, scopes, status, created_at, updated_at FROM google_accounts WHERE user_id = $1 ORDER BY created_at`, [userId])),
    ],
  },
  {
    name: 'sessions',
    source: 'sessions (refresh tokens are never exported)',
    read: (db, userId) => rows(db, 'SELECT id, provider, created_at, revoked_at, revoked_reason FROM sessions WHERE user_id = $1 ORDER BY created_at, id', [userId]),
  },
  {
    name: 'memberships',
    source: 'project_members, projects; document_grants naming them (a member\'s cap on one document, or a guest\'s access)',
    read: async (db, userId) => [
      ...(await rows(db, 'SELECT m.project_id, p.name AS project_name, m.role, m.created_at, m.updated_at FROM project_members m JOIN projects p ON p.id = m.project_id WHERE m.user_id = $1 ORDER BY m.created_at', [userId])),
      ...(await rows(
        db,
        `SELECT 'document-grant' AS kind, g.project_id, p.name AS project_name, d.name AS document_name, d.title AS document_title, g.role, g.created_at
         FROM document_grants g JOIN documents d ON d.project_id = g.project_id AND d.id = g.document_id JOIN projects p ON p.id = g.project_id
         WHERE g.user_id = $1 ORDER BY g.created_at`,
        [userId],
      )),
    ],
  },
  {
    name: 'settings',
    source: 'notification_preferences, report_subscriptions, api_keys they created (no hashes)',
    read: async (db, userId) => [
      ...(await rows(db, `SELECT 'notification-preferences' AS kind, project_id, channels, email_digest_minutes, updated_at FROM notification_preferences WHERE user_id = $1`, [userId])),
      ...(await rows(db, `SELECT 'report-subscription' AS kind, project_id, cadence, next_due_at, last_sent_at, created_at FROM report_subscriptions WHERE user_id = $1`, [userId])),
      ...(await rows(db, `SELECT 'api-key' AS kind, id, project_id, name, role, prefix, created_at, last_used_at, revoked_at FROM api_keys WHERE created_by = $1`, [userId])),
    ],
  },
  {
    name: 'audit',
    source: 'audit_log: what they did (sign-ins included), and changes whose target is them',
    read: (db, userId) =>
      rows(db, 'SELECT id::text AS id, project_id, action, target, details, ip, created_at, (actor_user_id = $1) AS by_them FROM audit_log WHERE actor_user_id = $1 OR target = $2 ORDER BY id', [userId, userId]),
  },
  {
    name: 'notifications',
    source: 'notifications, with the change-feed event each is about',
    read: (db, userId) =>
      rows(
        db,
        `SELECT n.id, n.project_id, n.created_at, n.read_at, e.type AS event_type, e.entry_id, e.actor, e.data AS event_data, e.occurred_at
         FROM notifications n JOIN document_events e ON e.id = n.event_id WHERE n.user_id = $1 ORDER BY n.created_at, n.id`,
        [userId],
      ),
  },
  {
    name: 'votes',
    source: 'votes (current) and vote_history',
    read: async (db, userId) => [
      ...(await rows(db, `SELECT 'current' AS kind, project_id, document_id, entry_id, item_type, rating, feedback, sentiment_score, voted_at, updated_at FROM votes WHERE user_id = $1 ORDER BY voted_at`, [userId])),
      ...(await rows(db, `SELECT 'history' AS kind, id::text AS id, project_id, document_id, entry_id, item_type, kind AS change, rating, feedback, created_at FROM vote_history WHERE user_id = $1 ORDER BY id`, [userId])),
    ],
  },
  {
    name: 'requests',
    source: 'requests they raised, and request_comments they wrote',
    read: async (db, userId) => [
      ...(await rows(db, `SELECT 'request' AS kind, id, project_id, type, title, description, status, priority, assignee_id, figma_url, attachments, created_at, updated_at FROM requests WHERE requester = $1 ORDER BY created_at`, [actor(userId)])),
      ...(await rows(db, `SELECT 'comment' AS kind, c.id, c.request_id, r.project_id, c.body, c.created_at FROM request_comments c JOIN requests r ON r.id = c.request_id WHERE c.author = $1 ORDER BY c.created_at`, [actor(userId)])),
    ],
  },
  {
    name: 'activity',
    source: 'document_events they caused (the change feed)',
    // A conflict their change caused names the other event (`with`): someone else's entry, left out.
    read: (db, userId) => rows(db, `SELECT id, project_id, document_name, kind, type, entry_id, data - 'with' AS data, occurred_at FROM document_events WHERE actor = $1 ORDER BY seq`, [actor(userId)]),
  },
  {
    name: 'analytics',
    source: 'analytics_events they reported',
    read: (db, userId) => rows(db, 'SELECT id::text AS id, project_id, source, name, properties, occurred_at, received_at FROM analytics_events WHERE user_id = $1 ORDER BY occurred_at, id', [userId]),
  },
  {
    name: 'knowledge',
    source: 'knowledge documents they uploaded (no file bytes), their AI chat conversations and messages',
    read: async (db, userId) => [
      ...(await rows(db, `SELECT 'uploaded-document' AS kind, id, project_id, title, file_name, kind AS file_kind, created_at FROM knowledge_documents WHERE uploader_user_id = $1 ORDER BY created_at, id`, [userId])),
      ...(await rows(
        db,
        `SELECT 'chat-message' AS kind, c.project_id, c.document_id, m.role, m.content, m.mode, m.citations, m.created_at
           FROM knowledge_conversations c JOIN knowledge_messages m ON m.conversation_id = c.id
          WHERE c.caller = $1 ORDER BY c.created_at, m.id`,
        [`user:${userId}`],
      )),
    ],
  },
  {
    name: 'test-accounts',
    source: 'test_accounts they created: which ones only, never the vault contents',
    read: (db, userId) => rows(db, 'SELECT id, project_id, service, environment, created_at FROM test_accounts WHERE created_by = $1 ORDER BY created_at', [userId]),
  },
];

/** A collection whose entries name their author in a field (`documents/` models say which). */
export interface AuthoredCollection {
  kind: string;
  collection: string;
  authorField: string;
}

/** Change-feed events that say who made an entry whose model has no author field (cards, calendar events). */
export interface CreationEvent {
  type: string;
  collection: string;
}

/** The entries they wrote inside collaborative documents, as the projection has them now. */
export async function readAuthoredEntries(db: Queryable, userId: string, authored: readonly AuthoredCollection[], created: readonly CreationEvent[]): Promise<Record<string, unknown>[]> {
  const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
  const found: Record<string, unknown>[] = [];
  for (const entry of authored) {
    if (!FIELD.test(entry.authorField)) throw new Error(`not a field name: ${entry.authorField}`);
    found.push(
      ...(await rows(
        db,
        `SELECT 'authored' AS how, project_id, document_name, kind, collection, entry_id, data, updated_at FROM document_entries
         WHERE kind = $1 AND collection = $2 AND data->>'${entry.authorField}' = $3 ORDER BY document_name, entry_id`,
        [entry.kind, entry.collection, userId],
      )),
    );
  }
  for (const event of created) {
    found.push(
      ...(await rows(
        db,
        `SELECT DISTINCT 'created' AS how, x.project_id, x.document_name, x.kind, x.collection, x.entry_id, x.data, x.updated_at
         FROM document_events e JOIN document_entries x ON x.document_name = e.document_name AND x.collection = $3 AND x.entry_id = e.entry_id
         WHERE e.actor = $1 AND e.type = $2 ORDER BY x.document_name, x.entry_id`,
        [actor(userId), event.type, event.collection],
      )),
    );
  }
  return found;
}

/** Files they uploaded (any status), with where their bytes are and whether they were verified. */
export async function readUploadedFiles(db: Queryable, userId: string): Promise<{ id: string; projectId: string; name: string; type: string | null; size: number | null; storageKey: string; status: string; verified: boolean; createdAt: Date }[]> {
  const { rows: found } = await db.query<{ id: string; project_id: string; name: string; detected_type: string | null; size: number | null; storage_key: string; status: string; checksum_sha256: string | null; created_at: Date }>(
    `SELECT id, project_id, name, detected_type, size::float8 AS size, storage_key, status, checksum_sha256, created_at FROM assets WHERE uploader_user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  // As operations/assets' hasVerifiedFile: a file whose previews failed is still a verified file.
  const verified = (row: { status: string; checksum_sha256: string | null }) => ['uploaded', 'processing', 'ready'].includes(row.status) || (row.status === 'failed' && row.checksum_sha256 !== null);
  return found.map((row) => ({ id: row.id, projectId: row.project_id, name: row.name, type: row.detected_type, size: row.size === null ? null : Number(row.size), storageKey: row.storage_key, status: row.status, verified: verified(row), createdAt: row.created_at }));
}
