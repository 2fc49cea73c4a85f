import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { parse as parseCookies } from 'cookie';
import { comesFromOurOrigin } from '../../identity/origin-policy.js';
import { getProject } from '../../identity/projects.js';
import { can } from '../../identity/roles.js';
import { documentRole } from '../../identity/document-roles.js';
import { holdsGrantIn, restrictionFor, roleInDocument } from '../../identity/document-grants.js';
import type { Principal, Verifier } from '../../identity/verifier.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { ACCESS_COOKIE } from '../../rest/auth/session-cookies.js';
import { formatDocumentName } from '../../documents/document-name.js';
import { DOCUMENT_NOT_FOUND, FORBIDDEN, FORBIDDEN_ORIGIN, PROJECT_NOT_FOUND, UNAUTHORIZED } from '../close-codes.js';
import { findOpenDocument } from '../../storage/document-registry.js';
import type { CollabContext } from '../context.js';
import type { AccessCache } from '../access-cache.js';

/**
 * Who may open a document, with the same verifier as REST: the provider's `token` (an access
 * JWT or an API key) or the session cookie sent with the upgrade. Roles that may not write get
 * a read-only connection, whose updates Hocuspocus drops.
 *
 * A browser sends the cookie with a WebSocket opened by any site, so the cookie counts only on
 * an upgrade whose Origin is ours (the same rule as cookie-authenticated REST changes; browsers
 * always send Origin on upgrades, so a missing one is refused too). A token is never sent by a
 * browser on its own and needs no Origin.
 */
export class Authentication implements Extension {
  priority = 900;

  constructor(
    private readonly verifier: Verifier,
    private readonly db: Queryable,
    private readonly logger: Logger,
    /** PUBLIC_URL's origin and ALLOWED_ORIGINS; a function because the public URL is known only once the server listens. */
    private readonly allowedOrigins: () => readonly string[],
    /** Recent checks, emptied by any access event (absent: every connection reads them all). */
    private readonly cache?: AccessCache,
  ) {}

  async onAuthenticate({ token, requestHeaders, context, connectionConfig, documentName }: onAuthenticatePayload<CollabContext>): Promise<Partial<CollabContext>> {
    // A token, when given, is the credential and the cookie is not consulted (a bad token never falls back to it).
    const cookieToken = token ? undefined : parseCookies(requestHeaders.get('cookie') ?? '')[ACCESS_COOKIE];
    if (cookieToken && !comesFromOurOrigin({ origin: requestHeaders.get('origin') }, this.allowedOrigins(), { refererFallback: false })) {
      this.logger.warn({ documentName, origin: requestHeaders.get('origin') }, 'refused a cookie-authenticated upgrade from a foreign or missing Origin');
      throw FORBIDDEN_ORIGIN;
    }
    const checkedAt = Date.now();
    // The credential is checked every time (one query): its session may have ended, and the
    // person's name and colour, stamped on presence, may have changed since the last connection.
    const verified = await this.verifier.verify({ bearerToken: token || undefined, cookieToken });
    if (!verified) throw UNAUTHORIZED;
    const { projectId, kind } = context.document;
    const projectRole = this.cache ? await this.cache.get(`role:${principalKey(verified.principal)}:${projectId}`, () => this.verifier.roleIn(verified.principal, projectId)) : await this.verifier.roleIn(verified.principal, projectId);
    const name = formatDocumentName(context.document);
    // Not a member: a guest of this document, or nobody here.
    const guestRole = projectRole ? null : await roleInDocument(this.db, name, verified.principal, null);
    if (!projectRole && !guestRole) {
      // A guest of another document of the project knows the project: this one is simply not found.
      if (verified.principal.type === 'user' && (await holdsGrantIn(this.db, projectId, verified.principal.user.id))) throw DOCUMENT_NOT_FOUND;
      // A signed-in person learns whether a project exists only when they belong to it.
      throw (await getProject(this.db, projectId)) ? FORBIDDEN : PROJECT_NOT_FOUND;
    }
    // Only members and guests learn whether a document exists; nobody opens one that was never created or is archived.
    const open = this.cache ? await this.cache.get(`document:${name}`, async () => ((await findOpenDocument(this.db, name)) ? true : null)) : await findOpenDocument(this.db, name);
    if (!open) throw DOCUMENT_NOT_FOUND;
    // The document's own restrictions cap the project role; hidden from them, it does not exist for them.
    const restriction = !projectRole
      ? null
      : this.cache
        ? await this.cache.get(`restriction:${principalKey(verified.principal)}:${projectRole}:${name}`, () => restrictionFor(this.db, name, verified.principal, projectRole))
        : await restrictionFor(this.db, name, verified.principal, projectRole);
    const role = projectRole && restriction ? documentRole(projectRole, restriction) : guestRole;
    if (!role) throw DOCUMENT_NOT_FOUND;
    const mayWrite = can(role, kind === 'annotations' ? 'annotations.write' : 'documents.write');
    connectionConfig.readOnly = !mayWrite;
    this.logger.debug({ documentName, role, readOnly: !mayWrite }, 'collab connection authenticated');
    return { principal: verified.principal, role, projectRole: projectRole ?? null, checkedAt, ...(verified.expiresAt === undefined ? {} : { expiresAt: verified.expiresAt }) };
  }
}

/** Whose role a cached role is: a person (any of their sessions), or one API key. */
function principalKey(principal: Principal): string {
  return principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`;
}
