import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from '../../documents/document-name.js';
import type { RegisteredDocument } from '../../storage/document-registry.js';
import { pageQuery } from '../pagination.js';
import { userText } from '../text.js';
import { GRANT_ROLES, MEMBER_ACCESS } from '../../identity/document-roles.js';
import type { DocumentGrant, ProjectShare, SharedDocument, StoredDocumentAccess } from '../../identity/document-grants.js';
import { email } from '../auth/schemas.js';
import type { DocumentLink } from '../../identity/document-links.js';
import { MAX_GRANTS } from '../../operations/documents/document-sharing.js';

export const documentIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"');
const title = userText().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const createDocumentBody = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    title,
    /** Chosen by the client to make a create safe to retry (and usable offline before the server answers). */
    id: documentIdParam.optional(),
  })
  .strict();
export const renameDocumentBody = z.object({ title }).strict();
export const listDocumentsQuery = pageQuery.extend({
  kind: z.enum(DOCUMENT_KINDS).optional(),
  archived: z.enum(['true', 'false']).default('false'),
});

/** A registry entry as the API shows it; `name` opens the document on /collab. */
export const documentResponse = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  projectId: z.uuid(),
  title: z.string(),
  createdBy: z.uuid().nullable(),
  createdByApiKey: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Bytes stored (snapshot and log), counted as stored. */
  sizeBytes: z.number().int(),
  archivedAt: z.iso.datetime().nullable(),
});

/** Field by field, so a column added to the registry is never published by accident; typed by the schema the description publishes. */
/** A page of documents (meta has total, page, limit). */
export const documentListResponse = z.array(documentResponse);

export function presentDocument(document: RegisteredDocument): z.output<typeof documentResponse> {
  return {
    id: document.id,
    name: document.name,
    kind: document.kind,
    projectId: document.projectId,
    title: document.title,
    createdBy: document.createdBy,
    createdByApiKey: document.createdByApiKey,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
    sizeBytes: document.sizeBytes,
    archivedAt: document.archivedAt?.toISOString() ?? null,
  };
}

const grantRole = z.enum(GRANT_ROLES);

/** PUT …/documents/:documentId/access: what members without a grant do, and the grants (a member, or every member of a role). */
export const documentAccessBody = z
  .object({
    memberAccess: z.enum(MEMBER_ACCESS),
    grants: z
      .array(
        z.union([
          z.object({ userId: z.uuid(), role: grantRole }).strict(),
          z.object({ projectRole: grantRole, role: grantRole }).strict(),
        ]),
      )
      .max(MAX_GRANTS, `at most ${MAX_GRANTS}`),
  })
  .strict();

export const documentAccessResponse = z.object({
  /** Without a grant, members act with their project role ('project'), read only ('read'), or do not see the document ('none'). Owners and admins always keep theirs. */
  memberAccess: z.enum(MEMBER_ACCESS),
  grants: z.array(
    z.object({
      id: z.uuid(),
      /** The member granted (null for a grant to a project role). */
      userId: z.uuid().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      /** Not a member of the project: a guest of this one document (invited by email). */
      guest: z.boolean(),
      /** Every member with this project role (null for a grant to one member). */
      projectRole: grantRole.nullable(),
      /** What they may do with this document, never more than their project role allows. */
      role: grantRole,
      grantedBy: z.uuid().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
});

export function presentDocumentAccess(access: StoredDocumentAccess): z.output<typeof documentAccessResponse> {
  return {
    memberAccess: access.memberAccess,
    grants: access.grants.map((grant) => ({
      id: grant.id,
      userId: 'userId' in grant.subject ? grant.subject.userId : null,
      name: grant.name,
      email: grant.email,
      guest: grant.guest,
      projectRole: 'projectRole' in grant.subject ? grant.subject.projectRole : null,
      role: grant.role,
      grantedBy: grant.grantedBy,
      createdAt: grant.createdAt.toISOString(),
    })),
  };
}

/** The operation's input from a parsed body. */
export function grantsOf(body: z.output<typeof documentAccessBody>): DocumentGrant[] {
  return body.grants.map((grant) => ({ subject: 'userId' in grant ? { userId: grant.userId } : { projectRole: grant.projectRole }, role: grant.role }));
}

/** POST …/documents/:documentId/access/guests: share the document with someone outside the project. */
export const inviteGuestBody = z.object({ email, role: grantRole }).strict();

export const userIdParam = z.uuid();

/** What is shared with the caller as a guest. */
export const sharedWithMeResponse = z.array(
  z.object({
    projectId: z.uuid(),
    projectName: z.string(),
    documentId: z.string(),
    /** Opens the document on /collab. */
    name: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    title: z.string(),
    role: grantRole,
    sharedAt: z.iso.datetime(),
  }),
);

export function presentSharedDocument(shared: SharedDocument): z.output<typeof sharedWithMeResponse>[number] {
  return { ...shared, kind: shared.kind as DocumentKind, sharedAt: shared.sharedAt.toISOString() };
}

/** Every restricted or shared document of a project with each grant (owners and admins). */
export const projectSharesResponse = z.array(
  z.object({
    documentId: z.string(),
    documentName: z.string(),
    title: z.string(),
    memberAccess: z.enum(MEMBER_ACCESS),
    userId: z.uuid().nullable(),
    email: z.string().nullable(),
    guest: z.boolean(),
    projectRole: grantRole.nullable(),
    role: grantRole,
    createdAt: z.iso.datetime(),
  }),
);

export function presentProjectShare(share: ProjectShare): z.output<typeof projectSharesResponse>[number] {
  return { ...share, createdAt: share.createdAt.toISOString() };
}

/** POST …/documents/:documentId/links: a share link (viewer or commenter), optionally expiring and with a password. */
export const createLinkBody = z
  .object({
    role: z.enum(['viewer', 'commenter']),
    /** How the link's visitors are named (presence, comments). */
    label: userText().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters').default('Visitor with a link'),
    password: userText().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters').optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const linkIdParam = z.uuid();

export const linkResponse = z.object({
  id: z.uuid(),
  role: z.enum(['viewer', 'commenter']),
  label: z.string(),
  hasPassword: z.boolean(),
  expiresAt: z.iso.datetime().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  uses: z.number().int(),
});
export const linkListResponse = z.array(linkResponse);
/** The token and the URL appear in this answer only. */
export const createdLinkResponse = linkResponse.extend({ token: z.string(), url: z.string() });

export function presentLink(link: DocumentLink): z.output<typeof linkResponse> {
  return {
    id: link.id,
    role: link.role,
    label: link.label,
    hasPassword: link.hasPassword,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    createdBy: link.createdBy,
    createdAt: link.createdAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
    uses: link.uses,
  };
}

/** POST /auth/share-links/open. */
export const openLinkBody = z
  .object({
    token: z.string().min(1).max(200),
    password: z.string().max(200).optional(),
    /** The visit's last access token (expired or not): a fresh one on the same session, not another use. */
    carryOn: z.string().max(4_000).optional(),
  })
  .strict();

export const openedLinkResponse = z.object({
  accessToken: z.string(),
  expiresIn: z.number().int(),
  role: z.enum(['viewer', 'commenter']),
  visitor: z.object({ userId: z.uuid(), label: z.string() }),
  document: z.object({ projectId: z.uuid(), documentId: z.string(), name: z.string(), kind: z.enum(DOCUMENT_KINDS), title: z.string() }),
});
