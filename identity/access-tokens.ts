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
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** `ttlSeconds`: shorter than the configured lifetime for a session that must end sooner (a share link that expires). */
  sign(claims: AccessClaims, ttlSeconds = this.ttlSeconds): Promise<string> {
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${Math.max(1, Math.min(ttlSeconds, this.ttlSeconds))}s`)
      .sign(this.key);
  }

  /** The claims of a valid token, or null for anything expired, tampered, mis-signed or malformed. */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      return { userId: payload.sub, sessionId: payload.sid, ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp * 1000 } : {}) };
    } catch {
      return null;
    }
  }
}
