import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';

const EVIL = 'https://evil.example';

/**
 * `/auth` handlers read the session cookies even when an Authorization header is present
 * (logout revokes the cookie's session, refresh rotates the cookie's token), so a header must
 * not switch the Origin check off while a cookie is there.
 */
describe.each(BACKENDS)('the Origin check on /auth whenever a session cookie rides along: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true' });
    api = client(app.url);
  });
  afterAll(async () => {
    await app.stop();
  });

  function refreshCookieOf(me: SignedIn): string {
    return me.cookie.split('; ').find((c) => c.startsWith('ss_refresh='))!;
  }

  it('does not sign out from a foreign Origin with a garbage Bearer header and a valid cookie', async () => {
    const me = await api.signIn();
    const reply = await api.call('POST', '/auth/logout', { headers: { authorization: 'Bearer garbage', cookie: me.cookie, origin: EVIL } });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ data: null, error: { code: 'CSRF_FAILED' } });
    expect(reply.headers.getSetCookie()).toEqual([]);
    // The session is untouched: the access token and the refresh token still work.
    expect((await api.call('GET', '/auth/user/profile', { token: me.accessToken })).status).toBe(200);
    expect((await api.call('POST', '/auth/refresh', { body: { refreshToken: me.refreshToken } })).status).toBe(200);
  });

  it('does not refresh from a foreign Origin with a garbage Bearer header and the refresh cookie', async () => {
    const me = await api.signIn();
    const attempts: Record<string, string>[] = [
      { authorization: 'Bearer garbage', cookie: refreshCookieOf(me), origin: EVIL },
      { authorization: `Bearer ${me.accessToken}`, cookie: refreshCookieOf(me), origin: EVIL },
      { authorization: 'Bearer garbage', cookie: refreshCookieOf(me) },
    ];
    for (const headers of attempts) {
      const reply = await api.call('POST', '/auth/refresh', { headers });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(reply.body.error?.code).toBe('CSRF_FAILED');
      expect(reply.headers.getSetCookie()).toEqual([]);
    }
    // Not rotated: the same refresh token is still the current one (a rotated one would now count as reused).
    const own = await api.call('POST', '/auth/refresh', { headers: { cookie: refreshCookieOf(me), origin: app.url } });
    expect(own.status).toBe(200);
  });

  it('does not change the profile from a foreign Origin whatever the Authorization header says', async () => {
    const me = await api.signIn(undefined, 'Original Name');
    for (const authorization of ['Bearer garbage', `Bearer ${me.accessToken}`, 'Basic Zm9vOmJhcg==']) {
      const reply = await api.call('PUT', '/auth/user/profile', { headers: { authorization, cookie: me.cookie, origin: EVIL }, body: { name: 'Renamed by evil' } });
      expect(reply.status, authorization).toBe(403);
      expect(reply.body.error?.code).toBe('CSRF_FAILED');
    }
    expect((await api.call<{ name: string }>('GET', '/auth/user/profile', { token: me.accessToken })).body.data.name).toBe('Original Name');
  });

  it('still lets Bearer-only calls through without an Origin, and cookie calls from our own', async () => {
    const me = await api.signIn(undefined, 'Before');
    expect((await api.call('PUT', '/auth/user/profile', { token: me.accessToken, body: { name: 'By bearer' } })).status).toBe(200);
    expect((await api.call('PUT', '/auth/user/profile', { headers: { cookie: me.cookie, origin: app.url }, body: { name: 'By cookie' } })).status).toBe(200);
    expect((await api.call('PUT', '/auth/user/profile', { headers: { authorization: `Bearer ${me.accessToken}`, cookie: me.cookie, referer: `${app.url}/settings` }, body: { name: 'Both' } })).status).toBe(200);
    expect((await api.call<{ name: string }>('GET', '/auth/user/profile', { token: me.accessToken })).body.data.name).toBe('Both');
    const out = await api.call<{ signedOut: boolean }>('POST', '/auth/logout', { token: me.accessToken });
    expect(out.body.data.signedOut).toBe(true);
  });
});
