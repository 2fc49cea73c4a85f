import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';

interface GoogleUser {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  picture?: string;
}

/** The whole Google flow, passport and all, against a local OAuth 2.0 server speaking Google's endpoints. */
describe.each(BACKENDS)('Google sign-in: %s', (kind) => {
  let oauth: OAuth2Server;
  let app: TestApp;
  let nextUser: GoogleUser;

  beforeAll(async () => {
    oauth = new OAuth2Server();
    await oauth.issuer.keys.generate('RS256');
    await oauth.start(0, '127.0.0.1');
    oauth.service.on('beforeUserinfo', (response) => {
      response.body = nextUser;
    });
    const issuer = oauth.issuer.url!.replace('localhost', '127.0.0.1');
    app = await startTestApp(kind, {
      AUTH_DEV_LOGIN: 'true',
      GOOGLE_CLIENT_ID: 'test-client',
      GOOGLE_CLIENT_SECRET: 'test-secret',
      GOOGLE_AUTHORIZATION_URL: `${issuer}/authorize`,
      GOOGLE_TOKEN_URL: `${issuer}/token`,
      GOOGLE_USERINFO_URL: `${issuer}/userinfo`,
    });
  });
  afterAll(async () => {
    await app.stop();
    await oauth.stop();
  });

  /** Follows the browser's steps: our login → Google's consent → our callback, carrying the state cookie. */
  async function signInWithGoogle(user: GoogleUser, tamper: (callbackUrl: URL, stateCookie: string) => { url: URL; cookie: string } = (url, cookie) => ({ url, cookie })) {
    nextUser = user;
    const login = await fetch(`${app.url}/auth/google/login`, { method: 'POST', redirect: 'manual' });
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/google/callback`);
    expect(authorize.searchParams.get('scope')).toContain('email');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    const stateCookie = login.headers.getSetCookie().find((c) => c.startsWith('ss_oauth_state='))!.split(';')[0]!;

    const consent = await fetch(authorize.toString().replace('localhost', '127.0.0.1'), { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const { url, cookie } = tamper(new URL(consent.headers.get('location')!), stateCookie);
    const callback = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    return { status: callback.status, headers: callback.headers, body: (await callback.json()) as { data: { user: { id: string; email: string; name: string; avatarUrl: string }; accessToken: string }; error?: { code: string } } };
  }

  it('signs a person in end to end and returns a usable session', async () => {
    const result = await signInWithGoogle({ sub: 'google-ada', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace', picture: 'https://example.com/ada.png' });
    expect(result.status).toBe(200);
    expect(result.body.data.user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', avatarUrl: 'https://example.com/ada.png' });
    expect(result.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(expect.arrayContaining(['ss_access', 'ss_refresh']));
    const profile = await client(app.url).call<{ email: string }>('GET', '/auth/user/profile', { token: result.body.data.accessToken });
    expect(profile.body.data.email).toBe('ada@example.com');

    const again = await signInWithGoogle({ sub: 'google-ada', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' });
    expect(again.body.data.user.id).toBe(result.body.data.user.id);
  });

  it('links to the account an invitation or dev login created for the same verified email', async () => {
    const existing = await client(app.url).signIn('grace@example.com');
    const result = await signInWithGoogle({ sub: 'google-grace', email: 'Grace@example.com', email_verified: true, name: 'Grace' });
    expect(result.status).toBe(200);
    expect(result.body.data.user.id).toBe(existing.userId);
  });

  it('refuses an email Google has not verified', async () => {
    const result = await signInWithGoogle({ sub: 'google-unverified', email: 'mallory@example.com', email_verified: false, name: 'M' });
    expect(result.status).toBe(403);
    expect(result.body.error?.code).toBe('EMAIL_NOT_VERIFIED');
  });

  it('refuses a callback whose state does not match the browser’s cookie (login CSRF)', async () => {
    const user = { sub: 'google-victim', email: 'victim@example.com', email_verified: true, name: 'V' };
    const forged = await signInWithGoogle(user, (url, cookie) => {
      url.searchParams.set('state', 'attacker-state');
      return { url, cookie };
    });
    expect(forged.status).toBe(401);
    expect(forged.body.error?.code).toBe('UNAUTHORIZED');
    const noCookie = await signInWithGoogle(user, (url) => ({ url, cookie: '' }));
    expect(noCookie.status).toBe(401);
  });

  it('answers a denied consent and a bad code with 401, never 500', async () => {
    const denied = await fetch(`${app.url}/auth/google/callback?error=access_denied`);
    expect(denied.status).toBe(401);
    // Google refuses to exchange the code (expired, replayed…).
    oauth.service.once('beforeResponse', (tokenResponse) => {
      tokenResponse.statusCode = 400;
      tokenResponse.body = { error: 'invalid_grant', error_description: 'Bad Request' };
    });
    const badCode = await signInWithGoogle({ sub: 'x', email: 'x@example.com', email_verified: true, name: 'X' });
    expect(badCode.status).toBe(401);
    expect(badCode.body.error?.code).toBe('UNAUTHORIZED');
  });
});

describe('Google sign-in when not configured', () => {
  it('answers 404', async () => {
    const app = await startTestApp('pglite');
    try {
      const reply = await client(app.url).call('POST', '/auth/google/login');
      expect(reply.status).toBe(404);
      expect(reply.body.error?.message).toBe('Google sign-in is not configured.');
    } finally {
      await app.stop();
    }
  });
});
