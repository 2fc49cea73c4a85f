import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'studio-sync';
const AUDIENCE = 'studio-sync:access';
/** Only this algorithm verifies: a token signed with another (or `none`) is refused. */
const ALGORITHM = 'HS256';

export interface AccessClaims {
  userId: string;
  /** The refresh-token family (sign-in session) this token belongs to. */
  sessionId: string;
  /** When the token stops being accepted (ms since the epoch); absent when signing. */
  expiresAt?: number;
}

export class AccessTokens {
  /**
   * The secret imported once as a signing key. Given the raw bytes, jose imports them anew for
   * every token it signs or verifies, which was half of a verification's CPU (~70 of ~140 µs),
   * paid by every WebSocket authentication and API request.
   */
  private readonly key: Promise<CryptoKey>;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  /** `ttlSeconds`: shorter than the configured lifetime for a session that must end sooner (a share link that expires). */
  async sign(claims: AccessClaims, ttlSeconds = this.ttlSeconds): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${Math.max(1, Math.min(ttlSeconds, this.ttlSeconds))}s`)
      .sign(await this.key);
  }

  /**
   * The claims of a token this server signed, even if it has expired (null when tampered, mis-signed
   * or malformed): only for carrying on a session whose liveness the caller checks itself (a share
   * link's visit asking for a fresh token).
   */
  async signedBefore(token: string): Promise<AccessClaims | null> {
    try {
      // Judged as of the epoch: a signature and claims check that no expiry can fail.
      const { payload } = await jwtVerify(token, await this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(0) });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      return { userId: payload.sub, sessionId: payload.sid };
    } catch {
      return null;
    }
  }

  /** The claims of a valid token, or null for anything expired, tampered, mis-signed or malformed. */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      return { userId: payload.sub, sessionId: payload.sid, ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}) };
    } catch {
      return null;
    }
  }
}
