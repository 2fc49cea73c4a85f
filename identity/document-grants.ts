import type { Queryable } from '../platform/db/database.js';
import { type DocumentRestriction, type GrantRole, type MemberAccess, UNRESTRICTED } from './document-roles.js';
import type { ProjectRole } from './roles.js';
import type { Principal } from './verifier.js';

/** Whose grants apply to a principal: a person's own, or an API key's creator's (a key acts for them). */
function grantee(principal: Principal): string | null {
  return principal.type === 'user' ? principal.user.id : principal.createdBy;
}

/** A document's restrictions as they apply to `principal` acting with `projectRole` (no row: unrestricted). */
export async function restrictionFor(db: Queryable, documentName: string, principal: Principal, projectRole: ProjectRole): Promise<DocumentRestriction> {
  const { rows } = await db.query<{ member_access: MemberAccess; personal: GrantRole | null; by_role: GrantRole | null }>(
    `SELECT d.member_access,
       (SELECT g.role FROM document_grants g WHERE g.project_id = d.project_id AND g.document_id = d.id AND g.user_id = $2) AS personal,
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
  grants: (DocumentGrant & { id: string; name: string | null; email: string | null; grantedBy: string | null; createdAt: Date })[];
}

export async function readDocumentAccess(db: Queryable, projectId: string, documentId: string): Promise<StoredDocumentAccess | null> {
  const document = await db.query<{ member_access: MemberAccess }>('SELECT member_access FROM documents WHERE project_id = $1 AND id = $2', [projectId, documentId]);
  if (!document.rows[0]) return null;
  const { rows } = await db.query<{ id: string; user_id: string | null; project_role: GrantRole | null; role: GrantRole; name: string | null; email: string | null; granted_by: string | null; created_at: Date }>(
    `SELECT g.id, g.user_id, g.project_role, g.role, u.name, u.email, g.granted_by, g.created_at
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
