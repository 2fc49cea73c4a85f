import type { z } from 'zod';
import { devLoginBody } from '../auth/dev-login.js';
import { samlLoginBody } from '../auth/saml.js';
import { profileBody, refreshBody } from '../auth/session-routes.js';
import { createDocumentBody, createLinkBody, createdLinkResponse, documentAccessBody, documentAccessResponse, documentListResponse, documentResponse, inviteGuestBody, linkListResponse, linkResponse, listDocumentsQuery, openLinkBody, openedLinkResponse, projectSharesResponse, renameDocumentBody, sharedWithMeResponse } from '../documents/schemas.js';
import { pageQuery } from '../pagination.js';
import { apiKeyListResponse, createApiKeyBody, createdApiKeyResponse, revokedApiKeyResponse } from '../projects/api-key-schemas.js';
import { auditListResponse, auditQuery } from '../projects/audit-schemas.js';
import { addMemberBody, changeMemberBody, memberListResponse, memberResponse, removedMemberResponse } from '../projects/member-schemas.js';
import { createProjectBody, deletedProjectResponse, projectListResponse, projectResponse, updateProjectBody } from '../projects/project-schemas.js';
import { CALENDAR_OPERATIONS } from '../calendar/openapi.js';
import { NOTIFICATION_OPERATIONS } from '../notifications/openapi.js';
import { TASK_OPERATIONS } from '../tasks/openapi.js';
import { CAMPAIGN_OPERATIONS } from '../campaigns/openapi.js';
import { VIDEO_OPERATIONS } from '../video/openapi.js';
import { REQUEST_OPERATIONS } from '../requests/openapi.js';
import { INTEGRATION_OPERATIONS } from '../integrations/openapi.js';
import { DELIVERY_OPERATIONS } from '../deliveries/openapi.js';
import { GOOGLE_CALENDAR_OPERATIONS } from '../google-calendar/openapi.js';
import { ADMIN_OPERATIONS } from '../admin/openapi.js';
import { VERSION_OPERATIONS } from '../documents/version-openapi.js';
import { RLHF_OPERATIONS } from '../rlhf/openapi.js';
import { ANALYTICS_OPERATIONS } from '../analytics/openapi.js';
import { TEST_ACCOUNT_OPERATIONS } from '../test-accounts/openapi.js';
import { ASSET_OPERATIONS } from '../assets/openapi.js';
import { INVOICE_OPERATIONS } from '../billing/invoice-openapi.js';
import { PRIVACY_OPERATIONS } from '../privacy/openapi.js';
import { PAYMENT_OPERATIONS } from '../billing/payment-openapi.js'; // billing (payments)
import { KNOWLEDGE_OPERATIONS } from '../knowledge/openapi.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One REST operation as documented; the schemas are the very ones the routes validate with. */
export interface Operation {
  method: HttpMethod;
  /** OpenAPI style: `/api/projects/{projectId}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'health' | 'auth' | 'projects' | 'members' | 'api-keys' | 'audit' | 'documents' | 'meta' | 'tasks' | 'calendar' | 'campaigns' | 'video' | 'notifications' | 'integrations' | 'deliveries' | 'requests' | 'google-calendar' | 'admin' | 'rlhf' | 'test-accounts' | 'assets' | 'analytics' | 'billing' | 'privacy' | 'knowledge';
  /** Needs a session, a Bearer token or an API key. */
  auth: boolean;
  body?: z.ZodType;
  /** A form-encoded body instead of JSON (SAML's POST binding). */
  formBody?: Record<string, string>;
  /** A multipart/form-data body: each part's name and what it carries (`file` is binary). */
  multipartBody?: Record<string, string>;
  query?: z.ZodObject;
  /** Success status and what it returns. */
  success: { status: number; description: string; contentType?: string };
  /** The success response's `data`, typed (the very schema the route presents with). */
  response?: z.ZodType;
  /** The response carries an `ETag` (the item's version) and the route honours `If-Match` (412 when stale). */
  etag?: 'returns' | 'checks';
  /** The route replays its first response to a retry with the same `Idempotency-Key`. */
  idempotent?: boolean;
  /** Error codes this operation may answer besides the common ones. */
  errors?: string[];
}

const project = '/api/projects/{projectId}';

const AREAS: Operation[][] = [TASK_OPERATIONS, CALENDAR_OPERATIONS, CAMPAIGN_OPERATIONS, VIDEO_OPERATIONS, NOTIFICATION_OPERATIONS, INTEGRATION_OPERATIONS, DELIVERY_OPERATIONS, REQUEST_OPERATIONS, GOOGLE_CALENDAR_OPERATIONS, ADMIN_OPERATIONS, RLHF_OPERATIONS, TEST_ACCOUNT_OPERATIONS, VERSION_OPERATIONS, ASSET_OPERATIONS, ANALYTICS_OPERATIONS, INVOICE_OPERATIONS, PAYMENT_OPERATIONS, PRIVACY_OPERATIONS, KNOWLEDGE_OPERATIONS];

export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', operationId: 'health', summary: 'The process is alive', tag: 'health', auth: false, success: { status: 200, description: 'Alive' } },
  { method: 'get', path: '/readyz', operationId: 'readiness', summary: 'Database reachable and schema current', tag: 'health', auth: false, success: { status: 200, description: 'Ready' }, errors: ['NOT_READY'] },
  { method: 'get', path: '/api', operationId: 'serviceInfo', summary: 'Service name, version and roles', tag: 'meta', auth: false, success: { status: 200, description: 'Service information' } },
  { method: 'get', path: '/api/openapi.json', operationId: 'openApiDocument', summary: 'This document', tag: 'meta', auth: false, success: { status: 200, description: 'OpenAPI 3.1 document' } },

  { method: 'post', path: '/auth/dev/login', operationId: 'devLogin', summary: 'Sign in by email (local use; off in production)', tag: 'auth', auth: false, body: devLoginBody, success: { status: 200, description: 'Signed in: user, access and refresh tokens; cookies set' }, errors: ['RATE_LIMITED'] },
  { method: 'post', path: '/auth/google/login', operationId: 'googleLogin', summary: 'Start Google sign-in', tag: 'auth', auth: false, success: { status: 302, description: 'Redirect to Google' }, errors: ['RATE_LIMITED'] },
  { method: 'get', path: '/auth/google/login', operationId: 'googleLoginLink', summary: 'Start Google sign-in from a link', tag: 'auth', auth: false, success: { status: 302, description: 'Redirect to Google' }, errors: ['RATE_LIMITED'] },
  { method: 'get', path: '/auth/google/callback', operationId: 'googleCallback', summary: 'Finish Google sign-in', tag: 'auth', auth: false, success: { status: 200, description: 'Signed in' }, errors: ['EMAIL_NOT_VERIFIED', 'RATE_LIMITED'] },
  { method: 'post', path: '/auth/saml/login', operationId: 'samlLogin', summary: "Start sign-in through the organisation's SAML identity provider", tag: 'auth', auth: false, body: samlLoginBody, success: { status: 302, description: 'Redirect to the identity provider' }, errors: ['RATE_LIMITED'] },
  { method: 'post', path: '/auth/saml/callback/{connectionId}', operationId: 'samlCallback', summary: 'SAML assertion consumer service', tag: 'auth', auth: false, formBody: { SAMLResponse: 'base64 SAML response' }, success: { status: 200, description: 'Signed in' }, errors: ['EMAIL_NOT_VERIFIED', 'RATE_LIMITED'] },
  { method: 'get', path: '/auth/saml/metadata/{connectionId}', operationId: 'samlMetadata', summary: 'Service-provider metadata for an organisation', tag: 'auth', auth: false, success: { status: 200, description: 'SAML metadata', contentType: 'application/samlmetadata+xml' } },
  { method: 'post', path: '/auth/refresh', operationId: 'refreshSession', summary: 'Exchange a refresh token (body or cookie) for new tokens', tag: 'auth', auth: false, body: refreshBody, success: { status: 200, description: 'New tokens' }, errors: ['REFRESH_TOKEN_REUSED', 'CSRF_FAILED', 'RATE_LIMITED'] },
  { method: 'post', path: '/auth/logout', operationId: 'logout', summary: 'End the session', tag: 'auth', auth: false, success: { status: 200, description: 'Signed out' }, errors: ['CSRF_FAILED'] },
  { method: 'get', path: '/auth/user/profile', operationId: 'getProfile', summary: 'The signed-in user', tag: 'auth', auth: true, success: { status: 200, description: 'The user' } },
  { method: 'put', path: '/auth/user/profile', operationId: 'updateProfile', summary: 'Change name or avatar', tag: 'auth', auth: true, body: profileBody, success: { status: 200, description: 'The updated user' } },

  { method: 'post', path: '/api/projects', operationId: 'createProject', summary: 'Create a project (you become its owner)', tag: 'projects', auth: true, body: createProjectBody, response: projectResponse, success: { status: 201, description: 'The project' } },
  { method: 'get', path: '/api/projects', operationId: 'listProjects', summary: 'Your projects, newest first', tag: 'projects', auth: true, query: pageQuery, response: projectListResponse, success: { status: 200, description: 'A page of projects; meta has total, page, limit' } },
  { method: 'get', path: project, operationId: 'getProject', summary: 'A project and your role in it', tag: 'projects', auth: true, response: projectResponse, success: { status: 200, description: 'The project' } },
  { method: 'put', path: project, operationId: 'updateProject', summary: 'Rename or describe a project', tag: 'projects', auth: true, body: updateProjectBody, response: projectResponse, success: { status: 200, description: 'The project' } },
  { method: 'delete', path: project, operationId: 'deleteProject', summary: 'Delete a project (owners)', tag: 'projects', auth: true, response: deletedProjectResponse, success: { status: 200, description: 'Deleted' } },

  { method: 'get', path: `${project}/members`, operationId: 'listMembers', summary: 'Members and their roles', tag: 'members', auth: true, response: memberListResponse, success: { status: 200, description: 'Members' } },
  { method: 'post', path: `${project}/members`, operationId: 'addMember', summary: 'Add or invite a member by email', tag: 'members', auth: true, body: addMemberBody, response: memberResponse, success: { status: 201, description: 'The member' }, errors: ['ALREADY_MEMBER'] },
  { method: 'put', path: `${project}/members/{userId}`, operationId: 'changeMemberRole', summary: "Change a member's role", tag: 'members', auth: true, body: changeMemberBody, response: memberResponse, success: { status: 200, description: 'The member' }, errors: ['LAST_OWNER'] },
  { method: 'delete', path: `${project}/members/{userId}`, operationId: 'removeMember', summary: 'Remove a member, or leave', tag: 'members', auth: true, response: removedMemberResponse, success: { status: 200, description: 'Removed' }, errors: ['LAST_OWNER'] },

  { method: 'get', path: `${project}/api-keys`, operationId: 'listApiKeys', summary: "The project's live API keys (never their secrets)", tag: 'api-keys', auth: true, response: apiKeyListResponse, success: { status: 200, description: 'API keys' } },
  { method: 'post', path: `${project}/api-keys`, operationId: 'createApiKey', summary: 'Create an API key; its secret is shown once', tag: 'api-keys', auth: true, body: createApiKeyBody, response: createdApiKeyResponse, success: { status: 201, description: 'The key with its secret' } },
  { method: 'delete', path: `${project}/api-keys/{keyId}`, operationId: 'revokeApiKey', summary: 'Revoke an API key', tag: 'api-keys', auth: true, response: revokedApiKeyResponse, success: { status: 200, description: 'Revoked' } },

  { method: 'get', path: `${project}/documents`, operationId: 'listDocuments', summary: "The project's collaborative documents, newest first (archived ones with archived=true)", tag: 'documents', auth: true, query: listDocumentsQuery, response: documentListResponse, success: { status: 200, description: 'A page of documents; meta has total, page, limit' } },
  { method: 'post', path: `${project}/documents`, operationId: 'createDocument', summary: 'Create and seed a document; retrying with the same id returns the first one (200)', tag: 'documents', auth: true, body: createDocumentBody, response: documentResponse, success: { status: 201, description: 'The document; its `name` opens it on /collab' }, errors: ['DOCUMENT_ID_TAKEN'] },
  { method: 'get', path: `${project}/documents/{documentId}`, operationId: 'getDocument', summary: 'One document (archived ones too)', tag: 'documents', auth: true, response: documentResponse, success: { status: 200, description: 'The document' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { method: 'put', path: `${project}/documents/{documentId}`, operationId: 'renameDocument', summary: 'Rename a document', tag: 'documents', auth: true, body: renameDocumentBody, response: documentResponse, success: { status: 200, description: 'The document' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { method: 'delete', path: `${project}/documents/{documentId}`, operationId: 'archiveDocument', summary: 'Archive a document: it leaves the list and open connections close; content is kept', tag: 'documents', auth: true, response: documentResponse, success: { status: 200, description: 'The archived document' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { method: 'get', path: `${project}/documents/{documentId}/access`, operationId: 'getDocumentAccess', summary: 'Who may do what with one document: member access and grants (owners and admins)', tag: 'documents', auth: true, response: documentAccessResponse, success: { status: 200, description: 'Member access and grants' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { method: 'put', path: `${project}/documents/{documentId}/access`, operationId: 'setDocumentAccess', summary: "Restrict one document below the project's roles: member access and grants (owners and admins); open sockets follow at once", tag: 'documents', auth: true, body: documentAccessBody, response: documentAccessResponse, success: { status: 200, description: 'Member access and grants as stored' }, errors: ['DOCUMENT_NOT_FOUND', 'NOT_A_MEMBER'] },
  { method: 'post', path: `${project}/documents/{documentId}/access/guests`, operationId: 'inviteDocumentGuest', summary: 'Share one document with someone outside the project by email (owners and admins); again changes their role', tag: 'documents', auth: true, body: inviteGuestBody, response: documentAccessResponse, success: { status: 200, description: 'Member access and grants, the guest included' }, errors: ['DOCUMENT_NOT_FOUND', 'ALREADY_MEMBER'] },
  { method: 'delete', path: `${project}/documents/{documentId}/access/guests/{userId}`, operationId: 'removeDocumentGuest', summary: "Take a guest's access to one document away; their open sockets close", tag: 'documents', auth: true, response: documentAccessResponse, success: { status: 200, description: 'Member access and grants' }, errors: ['NOT_FOUND'] },
  { method: 'get', path: `${project}/documents/{documentId}/links`, operationId: 'listShareLinks', summary: "One document's share links, revoked ones included (owners and admins); tokens are never shown again", tag: 'documents', auth: true, response: linkListResponse, success: { status: 200, description: 'Links, newest first' } },
  { method: 'post', path: `${project}/documents/{documentId}/links`, operationId: 'createShareLink', summary: 'A share link opening one document as a viewer or commenter, optionally expiring and with a password (owners and admins)', tag: 'documents', auth: true, body: createLinkBody, response: createdLinkResponse, success: { status: 201, description: 'The link, with its token and URL (shown once)' }, errors: ['DOCUMENT_NOT_FOUND'] },
  { method: 'delete', path: `${project}/documents/{documentId}/links/{linkId}`, operationId: 'revokeShareLink', summary: 'Revoke a share link: it answers 404 from now on and sockets opened through it close', tag: 'documents', auth: true, response: linkResponse, success: { status: 200, description: 'The revoked link' }, errors: ['NOT_FOUND'] },
  { method: 'post', path: '/auth/share-links/open', operationId: 'openShareLink', summary: 'Open a share link (no account needed): an access token for /collab that ends no later than the link; unknown, revoked or expired links are 404', tag: 'documents', auth: false, body: openLinkBody, response: openedLinkResponse, success: { status: 200, description: 'The access token and the document it opens' }, errors: ['NOT_FOUND', 'LINK_PASSWORD_REQUIRED', 'LINK_PASSWORD_WRONG'] },
  { method: 'get', path: `${project}/shares`, operationId: 'listProjectShares', summary: 'Every restricted or shared document of the project and its grants, guests marked (owners and admins)', tag: 'documents', auth: true, response: projectSharesResponse, success: { status: 200, description: 'Grants by document' } },
  { method: 'get', path: '/api/me/shared-documents', operationId: 'listSharedWithMe', summary: 'Documents shared with you as a guest (open them on /collab by name)', tag: 'documents', auth: true, response: sharedWithMeResponse, success: { status: 200, description: 'Shared documents, newest first' } },
  { method: 'post', path: `${project}/documents/{documentId}/restore`, operationId: 'restoreDocument', summary: 'Bring an archived document back', tag: 'documents', auth: true, response: documentResponse, success: { status: 200, description: 'The restored document' }, errors: ['DOCUMENT_NOT_FOUND'] },

  { method: 'get', path: `${project}/audit`, operationId: 'listAudit', summary: 'The audit log, newest first (owners)', tag: 'audit', auth: true, query: auditQuery, response: auditListResponse, success: { status: 200, description: 'Audit records; meta.nextBefore pages on' } },
  ...AREAS.flat(),
];
