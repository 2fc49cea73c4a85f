/**
 * A document's own access, as GET/PUT …/documents/:documentId/access carry it
 * (rest/documents/schemas.ts: documentAccessBody, documentAccessResponse). The lists repeat the
 * server's identity/document-roles.ts: the web client imports only the pure documents/ layer.
 */

/** What members without a grant do: act with their project role, only read, or not see the document. */
export const MEMBER_ACCESS = ['project', 'read', 'none'] as const;
export type MemberAccess = (typeof MEMBER_ACCESS)[number];

/** What a grant lets someone do with this one document (never more than their project role). */
export const GRANT_ROLES = ['editor', 'commenter', 'viewer'] as const;
export type GrantRole = (typeof GRANT_ROLES)[number];

/** The server refuses more grants than this per document. */
export const MAX_GRANTS = 200;

/** A grant names one member, or every member with one project role. */
export type GrantSubject = { userId: string } | { projectRole: GrantRole };

/** A grant as the server stores it. */
export interface StoredGrant {
  id: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  /** Not a member of the project: a guest of this one document, invited by email. */
  guest: boolean;
  projectRole: GrantRole | null;
  role: GrantRole;
  grantedBy: string | null;
  createdAt: string;
}

export interface StoredAccess {
  memberAccess: MemberAccess;
  grants: StoredGrant[];
}

/** A grant being edited in the dialog: `label` is how the list names who it is for; `guest` when they are not a member. */
export interface DraftGrant {
  subject: GrantSubject;
  role: GrantRole;
  label: string;
  guest: boolean;
}

export interface AccessDraft {
  memberAccess: MemberAccess;
  grants: DraftGrant[];
}

export interface SharingTarget {
  projectId: string;
  documentId: string;
}

/** One key per member or role: each may be granted once. */
export const subjectKey = (subject: GrantSubject): string => ('userId' in subject ? `user:${subject.userId}` : `role:${subject.projectRole}`);

export const isGrantRole = (value: string): value is GrantRole => (GRANT_ROLES as readonly string[]).includes(value);

/** A document shared with the caller as a guest, as GET /api/me/shared-documents answers (rest/documents/schemas.ts: sharedWithMeResponse). */
export interface SharedDocument {
  projectId: string;
  projectName: string;
  documentId: string;
  /** Opens the document on /collab (and in `#/d/<name>`). */
  name: string;
  kind: string;
  title: string;
  role: GrantRole;
  sharedAt: string;
}
