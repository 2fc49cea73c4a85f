import type { Queryable } from '../platform/db/database.js';
import { type DocumentRestriction, type GrantRole, type MemberAccess, UNRESTRICTED, documentRole } from './document-roles.js';
import type { ProjectRole } from './roles.js';
import type { Principal } from './verifier.js';

/** Whose grants apply to a principal: a person's own, or an API key's creator's (a key acts for them). */
function grantee(principal: Principal): string | null {
  return principal.type === 'user' ? principal.user.id : principal.createdBy;
}

/**
 * What `principal` may do with one document: its project role capped by the document's
 * restrictions; for someone not a member, a guest grant naming them. An API key is never a guest
 * (it belongs to its own project), whatever grants its creator holds elsewhere.
 */
export async function roleInDocument(db: Queryable, documentName: string, principal: Principal, projectRole: ProjectRole | null): Promise<ProjectRole | null> {
  if (!projectRole && principal.type !== 'user') return null;
  return documentRole(projectRole, await restrictionFor(db, documentName, principal, projectRole));
}

/** A document's restrictions as they apply to `principal` acting with `projectRole` (no row: unrestricted). */
export async function restrictionFor(db: Queryable, documentName: string, principal: Principal, projectRole: ProjectRole | null): Promise<DocumentRestriction> {
  const { rows } = await db.query<{ member_access: MemberAccess; personal: GrantRole | null; by_role: GrantRole | null }>(
    `SELECT d.member_access,
       COALESCE(
         (SELECT g.role FROM document_grants g WHERE g.project_id = d.project_id AND g.document_id = d.id AND g.user_id = $2),
         -- A share link's identity: what the link gives, while it is live.
         (SELECT l.role FROM document_links l WHERE l.project_id = d.project_id AND l.document_id = d.id AND l.user_id = $2
            AND l.revoked_at IS NULL AND (l.expires_at IS NULL OR l.expires_at > now()))
       ) AS personal,
       (SELECT g.role FROM document_grants g WHERE g.project_id = d.project_id AND g.document_id = d.id AND g.project_role = $3) AS by_role
     FROM documents d WHERE d.name = $1`,
    [documentName, grantee(principal), projectRole],
  );
  const row = rows[0];
  return row ? { memberAccess: row.member_access, personal: row.personal, byRole: row.by_role } : UNRESTRICTED;
}

export interface RestrictedDocument {
  name: string;
  projectId: string;
  memberAccess: MemberAccess;
  /** The grant naming the principal (or an API key's creator). */
  personal: GrantRole | null;
  /** Grants for project roles. */
  byRole: { role: ProjectRole; grant: GrantRole }[];
}

/** A restricted document's restrictions as they apply to someone with `projectRole`. */
export function restrictionAs(document: RestrictedDocument, projectRole: ProjectRole | null): DocumentRestriction {
  return { memberAccess: document.memberAccess, personal: document.personal, byRole: document.byRole.find((grant) => grant.role === projectRole)?.grant ?? null };
}

/**
 * The documents of these projects that restrict anything (member access other than 'project', or
 * any grant), with what applies to `principal`: listings and searches drop those it may not read.
 * Restricted documents are few; unrestricted ones are not returned at all.
 */
export async function restrictedDocuments(db: Queryable, projectIds: readonly string[], principal: Principal): Promise<RestrictedDocument[]> {
  if (projectIds.length === 0) return [];
  const { rows } = await db.query<{ name: string; project_id: string; member_access: MemberAccess; personal: GrantRole | null; by_role: { role: ProjectRole; grant: GrantRole }[] | null }>(
    `SELECT d.name, d.project_id, d.member_access,
       (SELECT g.role FROM document_grants g WHERE g.project_id = d.project_id AND g.document_id = d.id AND g.user_id = $2) AS personal,
       (SELECT json_agg(json_build_object('role', g.project_role, 'grant', g.role)) FROM document_grants g
         WHERE g.project_id = d.project_id AND g.document_id = d.id AND g.project_role IS NOT NULL) AS by_role
     FROM documents d
     WHERE d.project_id = ANY($1::uuid[])
       AND (d.member_access <> 'project' OR EXISTS (SELECT 1 FROM document_grants g WHERE g.project_id = d.project_id AND g.document_id = d.id))`,
    [projectIds, grantee(principal)],
  );
  return rows.map((row) => ({ name: row.name, projectId: row.project_id, memberAccess: row.member_access, personal: row.personal, byRole: row.by_role ?? [] }));
}

export type GrantSubject = { userId: string } | { projectRole: GrantRole };

export interface DocumentGrant {
  subject: GrantSubject;
  role: GrantRole;
}

export interface StoredDocumentAccess {
  memberAccess: MemberAccess;
  /** `guest`: the person is not a member (a guest of this one document). */
  grants: (DocumentGrant & { id: string; name: string | null; email: string | null; guest: boolean; grantedBy: string | null; createdAt: Date })[];
}

export async function readDocumentAccess(db: Queryable, projectId: string, documentId: string): Promise<StoredDocumentAccess | null> {
  const document = await db.query<{ member_access: MemberAccess }>('SELECT member_access FROM documents WHERE project_id = $1 AND id = $2', [projectId, documentId]);
  if (!document.rows[0]) return null;
  const { rows } = await db.query<{ id: string; user_id: string | null; project_role: GrantRole | null; role: GrantRole; name: string | null; email: string | null; guest: boolean; granted_by: string | null; created_at: Date }>(
    `SELECT g.id, g.user_id, g.project_role, g.role, u.name, u.email, g.granted_by, g.created_at,
       (g.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = g.project_id AND m.user_id = g.user_id)) AS guest
     FROM document_grants g LEFT JOIN users u ON u.id = g.user_id
     WHERE g.project_id = $1 AND g.document_id = $2 ORDER BY g.project_role NULLS LAST, u.email, g.created_at`,
    [projectId, documentId],
  );
  return {
    memberAccess: document.rows[0].member_access,
    grants: rows.map((row) => ({
      id: row.id,
      subject: row.user_id ? { userId: row.user_id } : { projectRole: row.project_role! },
      role: row.role,
      name: row.name,
      email: row.email,
      guest: row.guest,
      grantedBy: row.granted_by,
      createdAt: row.created_at,
    })),
  };
}

/** Replaces a document's member access and grants (call inside a transaction). */
export async function writeDocumentAccess(tx: Queryable, projectId: string, documentId: string, access: { memberAccess: MemberAccess; grants: readonly DocumentGrant[] }, grantedBy: string | null): Promise<void> {
  await tx.query('UPDATE documents SET member_access = $3 WHERE project_id = $1 AND id = $2', [projectId, documentId, access.memberAccess]);
  await tx.query('DELETE FROM document_grants WHERE project_id = $1 AND document_id = $2', [projectId, documentId]);
  if (access.grants.length === 0) return;
  await tx.query(
    `INSERT INTO document_grants (project_id, document_id, user_id, project_role, role, granted_by)
     SELECT $1, $2, g.user_id, g.project_role, g.role, $6 FROM unnest($3::uuid[], $4::text[], $5::text[]) AS g(user_id, project_role, role)`,
    [
      projectId,
      documentId,
      access.grants.map((grant) => ('userId' in grant.subject ? grant.subject.userId : null)),
      access.grants.map((grant) => ('projectRole' in grant.subject ? grant.subject.projectRole : null)),
      access.grants.map((grant) => grant.role),
      grantedBy,
    ],
  );
}

/**
 * Of these people, who may not see each of these documents (member access 'none', no grant naming
 * them or their role, and not an owner or admin), by document name: notifications about a hidden
 * document do not go to them. One query for a batch.
 */
export async function hiddenFromPeople(db: Queryable, documentNames: readonly string[], userIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const hidden = new Map<string, Set<string>>();
  if (documentNames.length === 0 || userIds.length === 0) return hidden;
  const { rows } = await db.query<{ name: string; user_id: string }>(
    `SELECT d.name, m.user_id FROM documents d
     JOIN project_members m ON m.project_id = d.project_id AND m.user_id::text = ANY($2::text[])
     WHERE d.name = ANY($1::text[]) AND d.member_access = 'none' AND m.role NOT IN ('owner', 'admin')
       AND NOT EXISTS (SELECT 1 FROM document_grants g WHERE g.project_id = d.project_id AND g.document_id = d.id AND (g.user_id = m.user_id OR g.project_role = m.role))`,
    [documentNames, userIds],
  );
  for (const row of rows) hidden.set(row.name, (hidden.get(row.name) ?? new Set()).add(row.user_id));
  return hidden;
}

/** Whether someone holds any grant in a project (a guest of one of its documents knows the project exists). */
export async function holdsGrantIn(db: Queryable, projectId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM document_grants WHERE project_id = $1 AND user_id = $2 UNION ALL SELECT 1 FROM document_links WHERE project_id = $1 AND user_id = $2 LIMIT 1', [projectId, userId]);
  return rows.length > 0;
}

/** Grants one person guest access to one document (or changes the role of the one they have). Call inside a transaction. */
export async function grantGuest(tx: Queryable, projectId: string, documentId: string, userId: string, role: GrantRole, grantedBy: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO document_grants (project_id, document_id, user_id, role, granted_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (project_id, document_id, user_id) WHERE user_id IS NOT NULL DO UPDATE SET role = EXCLUDED.role, granted_by = EXCLUDED.granted_by`,
    [projectId, documentId, userId, role, grantedBy],
  );
}

/** Takes a guest's access to one document away; false when they had none (or are a member: theirs is a member's grant). */
export async function revokeGuest(tx: Queryable, projectId: string, documentId: string, userId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `DELETE FROM document_grants g WHERE g.project_id = $1 AND g.document_id = $2 AND g.user_id = $3
       AND NOT EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = g.project_id AND m.user_id = g.user_id)`,
    [projectId, documentId, userId],
  );
  return (rowCount ?? 0) > 0;
}

export interface SharedDocument {
  projectId: string;
  projectName: string;
  documentId: string;
  name: string;
  kind: string;
  title: string;
  role: GrantRole;
  sharedAt: Date;
}

/** The documents shared with a person as a guest (projects they are not a member of), open ones only. */
export async function documentsSharedWith(db: Queryable, userId: string): Promise<SharedDocument[]> {
  const { rows } = await db.query<{ project_id: string; project_name: string; document_id: string; name: string; kind: string; title: string; role: GrantRole; created_at: Date }>(
    `SELECT g.project_id, p.name AS project_name, d.id AS document_id, d.name, d.kind, d.title, g.role, g.created_at
     FROM document_grants g
     JOIN documents d ON d.project_id = g.project_id AND d.id = g.document_id AND d.archived_at IS NULL
     JOIN projects p ON p.id = g.project_id AND p.deleted_at IS NULL
     WHERE g.user_id = $1 AND NOT EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = g.project_id AND m.user_id = g.user_id)
     ORDER BY g.created_at DESC, d.name`,
    [userId],
  );
  return rows.map((row) => ({ projectId: row.project_id, projectName: row.project_name, documentId: row.document_id, name: row.name, kind: row.kind, title: row.title, role: row.role, sharedAt: row.created_at }));
}

export interface ProjectShare {
  documentId: string;
  documentName: string;
  title: string;
  memberAccess: MemberAccess;
  /** The person granted (null: every member of `projectRole`). */
  userId: string | null;
  email: string | null;
  /** True when the person is not a member: a guest of this one document. */
  guest: boolean;
  projectRole: GrantRole | null;
  role: GrantRole;
  createdAt: Date;
}

/** Every restricted document of a project and each grant on it (what is shared, with whom), for its admins. */
export async function projectShares(db: Queryable, projectId: string): Promise<ProjectShare[]> {
  const { rows } = await db.query<{ document_id: string; name: string; title: string; member_access: MemberAccess; user_id: string | null; email: string | null; guest: boolean; project_role: GrantRole | null; role: GrantRole; created_at: Date }>(
    `SELECT d.id AS document_id, d.name, d.title, d.member_access, g.user_id, u.email,
       (g.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = g.project_id AND m.user_id = g.user_id)) AS guest,
       g.project_role, g.role, g.created_at
     FROM document_grants g
     JOIN documents d ON d.project_id = g.project_id AND d.id = g.document_id
     LEFT JOIN users u ON u.id = g.user_id
     WHERE g.project_id = $1
     ORDER BY d.title, d.id, g.project_role NULLS LAST, u.email`,
    [projectId],
  );
  return rows.map((row) => ({ documentId: row.document_id, documentName: row.name, title: row.title, memberAccess: row.member_access, userId: row.user_id, email: row.email, guest: row.guest, projectRole: row.project_role, role: row.role, createdAt: row.created_at }));
}
