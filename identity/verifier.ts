import type { Queryable } from '../platform/db/database.js';
import type { AccessTokens } from './access-tokens.js';
import { findApiKeyBySecret, looksLikeApiKey } from './api-keys.js';
import { getRole } from './members.js';
import { type ApiKeyRole, type ProjectRole, lesserRole } from './roles.js';
import { type User, toUser } from './users.js';

/**
 * Who is calling: a signed-in user (through a session) or a project API key. A key acts for
 * its creator: its `role` is the lesser of `keyRole` (what it was created with) and the
 * creator's role in the project when it was presented; `keyRole` stays its ceiling when the
 * creator's role changes later (open sockets follow those changes).
 */
export type Principal =
  | { type: 'user'; user: User; sessionId: string }
  | { type: 'apiKey'; apiKeyId: string; projectId: string; role: ProjectRole; keyRole: ApiKeyRole; createdBy: string };

export interface Credentials {
  /** The access-token cookie, when the request carried one. */
  cookieToken?: string | undefined;
  /** A Bearer value or the WebSocket provider's `token`: an access JWT or an API key. */
  bearerToken?: string | undefined;
}

export interface Verified {
  principal: Principal;
  /** Which credential authenticated: cookie-authenticated changes need a CSRF check. */
  via: 'cookie' | 'bearer';
  /** When the presented access token expires (ms since the epoch); absent for API keys, which do not. */
  expiresAt?: number;
}

/**
 * The one verifier, used by REST middleware and the collab server alike. A Bearer credential
 * wins over a cookie (an explicit header is the caller's intent).
 */
export class Verifier {
  constructor(
    private readonly db: Queryable,
    private readonly tokens: AccessTokens,
  ) {}

  async verify(credentials: Credentials): Promise<Verified | null> {
    if (credentials.bearerToken) {
      if (looksLikeApiKey(credentials.bearerToken)) {
        const principal = await this.verifyToken(credentials.bearerToken);
        return principal ? { principal, via: 'bearer' } : null;
      }
      const verified = await this.verifyAccessToken(credentials.bearerToken);
      return verified ? { ...verified, via: 'bearer' } : null;
    }
    if (credentials.cookieToken) {
      const verified = looksLikeApiKey(credentials.cookieToken) ? null : await this.verifyAccessToken(credentials.cookieToken);
      return verified ? { ...verified, via: 'cookie' } : null;
    }
    return null;
  }

  /**
   * An access JWT or an API key, as given by a Bearer header or a WebSocket token. A key whose
   * creator is no longer a member of its project authenticates nobody (401, like a revoked
   * key): it only ever acted with their rights, and they have none there now.
   */
  async verifyToken(token: string): Promise<Principal | null> {
    if (looksLikeApiKey(token)) {
      const key = await findApiKeyBySecret(this.db, token);
      if (!key) return null;
      return { type: 'apiKey', apiKeyId: key.id, projectId: key.projectId, role: lesserRole(key.role, key.creatorRole), keyRole: key.role, createdBy: key.createdBy };
    }
    return (await this.verifyAccessToken(token))?.principal ?? null;
  }

  /**
   * The principal's role in a project; an API key has a role only in its own project, and
   * there the lesser of its own and its creator's (resolved by `verifyToken`, on every request).
   */
  async roleIn(principal: Principal, projectId: string): Promise<ProjectRole | null> {
    if (principal.type === 'apiKey') return principal.projectId === projectId ? principal.role : null;
    return getRole(this.db, projectId, principal.user.id);
  }

  private async verifyAccessToken(token: string): Promise<{ principal: Principal; expiresAt?: number } | null> {
    const claims = await this.tokens.verify(token);
    if (!claims) return null;
    // A signed token is not enough: its session must still be live (logout and reuse revoke it).
    const { rows } = await this.db.query<{ id: string; email: string; name: string; avatar_url: string | null; color: string | null; created_at: Date }>(
      `SELECT u.id, u.email, u.name, u.avatar_url, u.color, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL`,
      [claims.sessionId, claims.userId],
    );
    if (!rows[0]) return null;
    const principal: Principal = { type: 'user', user: toUser(rows[0]), sessionId: claims.sessionId };
    return claims.expiresAt === undefined ? { principal } : { principal, expiresAt: claims.expiresAt };
  }
}
