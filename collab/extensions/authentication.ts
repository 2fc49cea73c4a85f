import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { parse as parseCookies } from 'cookie';
import { getProject } from '../../identity/projects.js';
import { can } from '../../identity/roles.js';
import type { Verifier } from '../../identity/verifier.js';
import type { Queryable } from '../../server/db/database.js';
import type { Logger } from '../../server/logger.js';
import { ACCESS_COOKIE } from '../../rest/auth/session-cookies.js';
import { formatDocumentName } from '../../documents/document-name.js';
import { DOCUMENT_NOT_FOUND, FORBIDDEN, PROJECT_NOT_FOUND, UNAUTHORIZED } from '../close-codes.js';
import { findOpenDocument } from '../persistence/document-registry.js';
import type { CollabContext } from '../context.js';

/**
 * Who may open a document, with the same verifier as REST: the provider's `token` (an access
 * JWT or an API key) or the session cookie sent with the upgrade. Roles that may not write get
 * a read-only connection, whose updates Hocuspocus drops.
 */
export class Authentication implements Extension {
  priority = 900;

  constructor(
    private readonly verifier: Verifier,
    private readonly db: Queryable,
    private readonly logger: Logger,
  ) {}

  async onAuthenticate({ token, requestHeaders, context, connectionConfig, documentName }: onAuthenticatePayload<CollabContext>): Promise<Partial<CollabContext>> {
    const cookieToken = parseCookies(requestHeaders.get('cookie') ?? '')[ACCESS_COOKIE];
    const verified = await this.verifier.verify({ bearerToken: token || undefined, cookieToken });
    if (!verified) throw UNAUTHORIZED;
    const { projectId, kind } = context.document;
    const role = await this.verifier.roleIn(verified.principal, projectId);
    if (!role) {
      // A signed-in person learns whether a project exists only when they belong to it.
      throw (await getProject(this.db, projectId)) ? FORBIDDEN : PROJECT_NOT_FOUND;
    }
    // Only members learn whether a document exists; nobody opens one that was never created or is archived.
    if (!(await findOpenDocument(this.db, formatDocumentName(context.document)))) throw DOCUMENT_NOT_FOUND;
    const mayWrite = can(role, kind === 'annotations' ? 'annotations.write' : 'documents.write');
    connectionConfig.readOnly = !mayWrite;
    this.logger.debug({ documentName, role, readOnly: !mayWrite }, 'collab connection authenticated');
    return { principal: verified.principal, role, ...(verified.expiresAt === undefined ? {} : { expiresAt: verified.expiresAt }) };
  }
}
