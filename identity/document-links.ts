import type { Queryable } from '../platform/db/database.js';
import { hashSecret, randomSecret } from './hashing.js';

/** The domain of link identities' addresses: reserved, nobody signs in with one (identity/users.ts refuses it). */
export const LINK_EMAIL_DOMAIN = 'share-links.invalid';

export type LinkRole = 'commenter' | 'viewer';

export interface DocumentLink {
  id: string;
  projectId: string;
  documentId: string;
  userId: string;
  role: LinkRole;
  label: string;
  hasPassword: boolean;
  expiresAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  uses: number;
}

interface LinkRow {
  id: string;
  project_id: string;
  document_id: string;
  user_id: string;
  role: LinkRole;
  label: string;
  password_hash: string | null;
  expires_at: Date | null;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
  uses: number;
}

const COLUMNS = 'l.id, l.project_id, l.document_id, l.user_id, l.role, l.label, l.password_hash, l.expires_at, l.created_by, l.created_at, l.revoked_at, l.last_used_at, l.uses';

function toLink(row: LinkRow): DocumentLink {
  return {
    id: row.id,
    projectId: row.project_id,
    documentId: row.document_id,
    userId: row.user_id,
    role: row.role,
    label: row.label,
    hasPassword: row.password_hash !== null,
    expiresAt: row.expires_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    uses: row.uses,
  };
}

/** Makes a link and its identity (call inside a transaction); the token is returned once, only its hash is kept. */
export async function insertLink(
  tx: Queryable,
  link: { projectId: string; documentId: string; role: LinkRole; label: string; passwordHash: string | null; expiresAt: Date | null; createdBy: string | null },
): Promise<{ link: DocumentLink; token: string }> {
  const token = `sl_${randomSecret()}`;
  const { rows: users } = await tx.query<{ id: string }>(
    `INSERT INTO users (email, name, name_source) VALUES ('link-' || gen_random_uuid() || '@${LINK_EMAIL_DOMAIN}', $1, 'person') RETURNING id`,
    [link.label],
  );
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO document_links AS l (project_id, document_id, user_id, token_hash, role, label, password_hash, expires_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [link.projectId, link.documentId, users[0]!.id, hashSecret(token), link.role, link.label, link.passwordHash, link.expiresAt, link.createdBy],
  );
  return { link: toLink(rows[0]!), token };
}

export async function listLinks(db: Queryable, projectId: string, documentId: string): Promise<DocumentLink[]> {
  const { rows } = await db.query<LinkRow>(`SELECT ${COLUMNS} FROM document_links l WHERE l.project_id = $1 AND l.document_id = $2 ORDER BY l.created_at DESC, l.id`, [projectId, documentId]);
  return rows.map(toLink);
}

/** Revokes a link (call inside a transaction); null when there is no such live link. */
export async function revokeLink(tx: Queryable, projectId: string, documentId: string, linkId: string): Promise<DocumentLink | null> {
  const { rows } = await tx.query<LinkRow>(
    `UPDATE document_links l SET revoked_at = now() WHERE l.project_id = $1 AND l.document_id = $2 AND l.id = $3 AND l.revoked_at IS NULL RETURNING ${COLUMNS}`,
    [projectId, documentId, linkId],
  );
  return rows[0] ? toLink(rows[0]) : null;
}

/** A usable link by its token: not revoked, not expired, on an open document of a live project. */
export async function findUsableLink(db: Queryable, token: string): Promise<(DocumentLink & { passwordHash: string | null; documentName: string; kind: string; title: string }) | null> {
  const { rows } = await db.query<LinkRow & { name: string; kind: string; title: string }>(
    `SELECT ${COLUMNS}, d.name, d.kind, d.title FROM document_links l
     JOIN documents d ON d.project_id = l.project_id AND d.id = l.document_id AND d.archived_at IS NULL
     JOIN projects p ON p.id = l.project_id AND p.deleted_at IS NULL
     WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > now())`,
    [hashSecret(token)],
  );
  const row = rows[0];
  return row ? { ...toLink(row), passwordHash: row.password_hash, documentName: row.name, kind: row.kind, title: row.title } : null;
}

export async function recordLinkUse(tx: Queryable, linkId: string): Promise<void> {
  await tx.query('UPDATE document_links SET uses = uses + 1, last_used_at = now() WHERE id = $1', [linkId]);
}
