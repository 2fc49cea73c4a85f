/**
 * The fake's OAuth 2.0 side: consent at the authorization endpoint, the token endpoint's code and
 * refresh-token exchanges, revocation, and the access-token check every Calendar call passes.
 */
import { ApiError, OAuthError, encodeOpaque, isRecord, token, type Json, type Reply } from './shared.js';

type GoogleUser = { sub: string; email: string };
/** One consent: the refresh token (only with access_type=offline) and its access tokens share it. */
interface Grant { user: GoogleUser; scope: string; clientId: string; revoked: boolean; refreshToken?: string }
interface PendingCode { grant: Grant; redirectUri: string; offline: boolean }

export class GoogleOAuth {
  private user: GoogleUser = { sub: 'g-user-1', email: 'dana@gmail.test' };
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, Grant>();

  /** The Google user who consents at the authorization endpoint next. */
  setUser(next: GoogleUser): void {
    this.user = { ...next };
  }

  authorize(query: Record<string, string>): Reply {
    const { client_id: clientId, redirect_uri: redirectUri, response_type: responseType, scope = '', state } = query;
    if (!clientId || !redirectUri || !URL.canParse(redirectUri) || responseType !== 'code') {
      return { status: 400, body: 'Error 400: invalid_request', headers: { 'content-type': 'text/html; charset=utf-8' } };
    }
    const code = `4/${token()}`;
    this.codes.set(code, { grant: { user: { ...this.user }, scope, clientId, revoked: false }, redirectUri, offline: query.access_type === 'offline' });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (state !== undefined) target.searchParams.set('state', state);
    target.searchParams.set('scope', scope);
    return { status: 302, headers: { location: target.toString() } };
  }

  exchangeToken(body: unknown, authorization: string | undefined): Reply {
    const form = isRecord(body) ? body : {};
    const clientId = clientIdOf(form, authorization);
    if (!clientId) throw new OAuthError(400, 'invalid_request', 'Could not determine client ID from request.');
    if (form.grant_type === 'authorization_code') {
      const pending = this.codes.get(String(form.code));
      this.codes.delete(String(form.code)); // a code works once, even if this attempt fails
      if (!pending) throw new OAuthError(400, 'invalid_grant', 'Bad Request');
      if (pending.grant.clientId !== clientId) throw new OAuthError(401, 'invalid_client', 'Unauthorized');
      if (pending.redirectUri !== form.redirect_uri) throw new OAuthError(400, 'redirect_uri_mismatch', 'Bad Request');
      const grant = pending.grant;
      // Google returns a refresh token only when the user consented to offline access.
      if (pending.offline) this.refreshTokens.set((grant.refreshToken = `1//${token(32)}`), grant);
      const refresh = grant.refreshToken ? { refresh_token: grant.refreshToken } : {};
      return { status: 200, body: { ...this.issueAccessToken(grant), ...refresh, id_token: idToken(grant) } };
    }
    if (form.grant_type === 'refresh_token') {
      const grant = this.refreshTokens.get(String(form.refresh_token));
      if (!grant || grant.revoked) throw new OAuthError(400, 'invalid_grant', 'Token has been expired or revoked.');
      if (grant.clientId !== clientId) throw new OAuthError(401, 'unauthorized_client', 'Unauthorized');
      return { status: 200, body: this.issueAccessToken(grant) };
    }
    throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${String(form.grant_type ?? '')}`);
  }

  revoke(query: Record<string, string>, body: unknown): Reply {
    const value = query.token ?? (isRecord(body) && typeof body.token === 'string' ? body.token : '');
    const grant = this.refreshTokens.get(value) ?? this.accessTokens.get(value);
    if (!grant || grant.revoked) throw new OAuthError(400, 'invalid_token', 'Token expired or revoked');
    grant.revoked = true;
    return { status: 200 };
  }

  authenticate(authorization: string | undefined): void {
    const accessToken = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    const grant = accessToken ? this.accessTokens.get(accessToken) : undefined;
    if (!grant || grant.revoked) throw new ApiError(401, 'authError', 'Invalid Credentials');
  }

  /** Revokes a refresh token (and its access tokens, which share its grant); with no argument, all. */
  revokeRefreshTokens(refreshToken?: string): void {
    for (const [value, grant] of this.refreshTokens) if (refreshToken === undefined || value === refreshToken) grant.revoked = true;
  }

  private issueAccessToken(grant: Grant): Json {
    const accessToken = `ya29.${token()}`;
    this.accessTokens.set(accessToken, grant);
    return { access_token: accessToken, expires_in: 3599, scope: grant.scope, token_type: 'Bearer' };
  }
}

function idToken(grant: Grant): string {
  const iat = Math.floor(Date.now() / 1000);
  const header = encodeOpaque({ alg: 'RS256', kid: 'fake-google', typ: 'JWT' });
  const payload = encodeOpaque({ iss: 'https://accounts.google.com', azp: grant.clientId, aud: grant.clientId, sub: grant.user.sub, email: grant.user.email, email_verified: true, iat, exp: iat + 3600 });
  return `${header}.${payload}.${token(32)}`;
}

/** client_id from the form or from HTTP Basic client authentication. */
function clientIdOf(form: Json, authorization: string | undefined): string | undefined {
  if (typeof form.client_id === 'string') return form.client_id;
  const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
  return basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined;
}
