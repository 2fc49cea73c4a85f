import { createHmac } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

/** What a local upload URL allows: one key, one content type, at most so many bytes, until it expires. */
export interface UploadGrant {
  key: string;
  contentType: string;
  maxBytes: number;
}

/** What a local download URL allows: one key, served with this type and file name. */
export interface DownloadGrant {
  key: string;
  contentType: string;
  fileName: string;
}

export type TokenCheck<Grant> = { ok: true; grant: Grant } | { ok: false; reason: 'expired' | 'invalid' };

const UPLOAD = 'studio-sync:blob-upload';
const DOWNLOAD = 'studio-sync:blob-download';

/**
 * Signs and checks the local store's URLs (the S3 store's are AWS's own). A key of its own,
 * derived from the app's signing secret, and an audience per use: an access token is never a
 * blob URL, and a download URL never uploads.
 */
export class BlobTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('studio-sync blob urls v1').digest();
  }

  signUpload(grant: UploadGrant, expiresInSeconds: number): Promise<string> {
    return this.sign({ k: grant.key, t: grant.contentType, m: grant.maxBytes }, UPLOAD, expiresInSeconds);
  }

  signDownload(grant: DownloadGrant, expiresInSeconds: number): Promise<string> {
    return this.sign({ k: grant.key, t: grant.contentType, n: grant.fileName }, DOWNLOAD, expiresInSeconds);
  }

  async checkUpload(token: string): Promise<TokenCheck<UploadGrant>> {
    const checked = await this.verify(token, UPLOAD);
    if (!checked.ok) return checked;
    const { k, t, m } = checked.payload;
    if (typeof k !== 'string' || typeof t !== 'string' || typeof m !== 'number') return { ok: false, reason: 'invalid' };
    return { ok: true, grant: { key: k, contentType: t, maxBytes: m } };
  }

  async checkDownload(token: string): Promise<TokenCheck<DownloadGrant>> {
    const checked = await this.verify(token, DOWNLOAD);
    if (!checked.ok) return checked;
    const { k, t, n } = checked.payload;
    if (typeof k !== 'string' || typeof t !== 'string' || typeof n !== 'string') return { ok: false, reason: 'invalid' };
    return { ok: true, grant: { key: k, contentType: t, fileName: n } };
  }

  private sign(claims: Record<string, string | number>, audience: string, expiresInSeconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(this.key);
  }

  private async verify(token: string, audience: string): Promise<{ ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'expired' | 'invalid' }> {
    try {
      // No clock tolerance: an expired URL is refused the second it expires.
      const { payload } = await jwtVerify(token, this.key, { audience, algorithms: ['HS256'] });
      return { ok: true, payload };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      return { ok: false, reason: 'invalid' };
    }
  }
}
