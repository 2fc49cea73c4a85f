import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';

describe.each(BACKENDS)('sign-in and sessions: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true', AUTH_JWT_SECRET: SECRET });
    api = client(app.url);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('signs in with dev login, sets httpOnly SameSite=Lax cookies, and returns a usable Bearer token', async () => {
    const reply = await api.call<{ user: { email: string; name: string }; accessToken: string; tokenType: string; expiresIn: number }>('POST', '/auth/dev/login', {
      body: { email: 'Grace@Example.com', name: 'Grace' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toMatchObject({ user: { email: 'Grace@Example.com', name: 'Grace' }, tokenType: 'Bearer', expiresIn: 900 });
    const cookies = reply.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('ss_access='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('ss_access='))).toMatch(/SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('ss_refresh='))).toMatch(/Path=\/auth/);
    // The page's hint that a session exists: readable by it, and no secret in it.
    const marker = cookies.find((c) => c.startsWith('ss_signed_in='));
    expect(marker).toMatch(/^ss_signed_in=1;/);
    expect(marker).not.toMatch(/HttpOnly/);
    // Plain http on localhost: not Secure, or the browser would drop it.
    expect(cookies.join()).not.toMatch(/Secure/);

    const byBearer = await api.call<{ email: string }>('GET', '/auth/user/profile', { token: reply.body.data.accessToken });
    expect(byBearer.body.data.email).toBe('Grace@Example.com');
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const byCookie = await api.call<{ email: string }>('GET', '/auth/user/profile', { headers: { cookie } });
    expect(byCookie.body.data.email).toBe('Grace@Example.com');
  });

  it('signs the same email (any case) into the same account', async () => {
    const a = await api.signIn('same.person@example.com');
    const b = await api.signIn('SAME.person@example.com');
    expect(b.userId).toBe(a.userId);
  });

  it('updates the profile and refuses invalid changes', async () => {
    const me = await api.signIn();
    const updated = await api.call<{ name: string; avatarUrl: string }>('PUT', '/auth/user/profile', {
      token: me.accessToken,
      body: { name: 'New Name', avatarUrl: 'https://example.com/me.png' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ name: 'New Name', avatarUrl: 'https://example.com/me.png' });
    const coloured = await api.call<{ color: string | null }>('PUT', '/auth/user/profile', { token: me.accessToken, body: { color: '#3366CC' } });
    expect(coloured.body.data.color).toBe('#3366cc');
    expect((await api.call<{ color: string | null }>('GET', '/auth/user/profile', { token: me.accessToken })).body.data.color).toBe('#3366cc');
    expect((await api.call<{ color: string | null }>('PUT', '/auth/user/profile', { token: me.accessToken, body: { color: null } })).body.data.color).toBeNull();
    for (const body of [{ avatarUrl: 'javascript:alert(1)' }, { name: '' }, {}, { email: 'x@y.z' }, { color: 'red' }, { color: '#12345' }, { color: '#1234567' }, { color: 'url(x)' }]) {
      const refused = await api.call('PUT', '/auth/user/profile', { token: me.accessToken, body });
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.error?.code).toBe('VALIDATION_FAILED');
    }
  });

  it.each([['not-an-email'], ['a@'], [`${'x'.repeat(250)}@example.com`], [42]])('refuses the malformed email %j with 422', async (email) => {
    const reply = await api.call('POST', '/auth/dev/login', { body: { email } });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ data: null, error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses an oversized body with 413 in the envelope', async () => {
    const reply = await api.call('POST', '/auth/dev/login', { body: { email: 'a@example.com', name: 'x'.repeat(2_000_000) } });
    expect(reply.status).toBe(413);
    expect(reply.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  describe('access tokens', () => {
    async function forge(options: { alg?: string; secret?: string; expiresIn?: string | number; sub?: string; sid?: string; aud?: string }) {
      const me = await api.signIn();
      const claims = JSON.parse(Buffer.from(me.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string };
      return new SignJWT({ sid: options.sid ?? claims.sid })
        .setProtectedHeader({ alg: options.alg ?? 'HS256' })
        .setSubject(options.sub ?? claims.sub)
        .setIssuer('studio-sync')
        .setAudience(options.aud ?? 'studio-sync:access')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(new TextEncoder().encode(options.secret ?? SECRET));
    }

    it('accepts a well-formed token (the forge itself is sound)', async () => {
      expect((await api.call('GET', '/auth/user/profile', { token: await forge({}) })).status).toBe(200);
    });

    it.each([
      ['expired', { expiresIn: Math.floor(Date.now() / 1000) - 60 }],
      ['signed with another secret', { secret: 'another-secret-that-is-long-enough-9876543210' }],
      ['signed with another algorithm (HS512)', { alg: 'HS512' }],
      ['for another audience', { aud: 'someone-else' }],
      ['naming a session that does not exist', { sid: '00000000-0000-4000-8000-000000000000' }],
    ])('refuses a token %s with 401', async (_label, options) => {
      const reply = await api.call('GET', '/auth/user/profile', { token: await forge(options) });
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ data: null, error: { code: 'UNAUTHORIZED' } });
    });

    it('refuses an unsigned (alg none) and a tampered token', async () => {
      const me = await api.signIn();
      const [, payload] = me.accessToken.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
      const otherUser = await api.signIn();
      const otherSub = JSON.parse(Buffer.from(otherUser.accessToken.split('.')[1]!, 'base64url').toString()).sub as string;
      const tampered = [me.accessToken.split('.')[0], Buffer.from(JSON.stringify({ ...claims, sub: otherSub })).toString('base64url'), me.accessToken.split('.')[2]].join('.');
      for (const token of [none, tampered, 'garbage', `${me.accessToken}x`]) {
        expect((await api.call('GET', '/auth/user/profile', { token })).status).toBe(401);
      }
    });
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const me = await api.signIn();
    const first = await api.call<{ accessToken: string; refreshToken: string }>('POST', '/auth/refresh', { body: { refreshToken: me.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.data.refreshToken).not.toBe(me.refreshToken);
    const second = await api.call<{ accessToken: string; refreshToken: string }>('POST', '/auth/refresh', { body: { refreshToken: first.body.data.refreshToken } });
    expect(second.status).toBe(200);
    expect((await api.call('GET', '/auth/user/profile', { token: second.body.data.accessToken })).status).toBe(200);

    // The first token, already exchanged, shows up again: someone copied it.
    const reused = await api.call('POST', '/auth/refresh', { body: { refreshToken: me.refreshToken } });
    expect(reused.status).toBe(401);
    expect(reused.body.error?.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await api.call('GET', '/auth/user/profile', { token: second.body.data.accessToken })).status).toBe(401);
    expect((await api.call('POST', '/auth/refresh', { body: { refreshToken: second.body.data.refreshToken } })).status).toBe(401);
  });

  it('refreshes from the refresh cookie when the request comes from our origin', async () => {
    const me = await api.signIn();
    const refreshCookie = me.cookie.split('; ').find((c) => c.startsWith('ss_refresh='))!;
    const foreign = await api.call('POST', '/auth/refresh', { headers: { cookie: refreshCookie, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error?.code).toBe('CSRF_FAILED');
    const own = await api.call('POST', '/auth/refresh', { headers: { cookie: refreshCookie, origin: app.url } });
    expect(own.status).toBe(200);
    expect(own.headers.getSetCookie().some((c) => c.startsWith('ss_refresh='))).toBe(true);
  });

  it('logs out: the access and refresh tokens stop working and cookies are cleared', async () => {
    const me = await api.signIn();
    const out = await api.call<{ signedOut: boolean }>('POST', '/auth/logout', { token: me.accessToken });
    expect(out.body.data.signedOut).toBe(true);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('ss_access='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('ss_signed_in='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await api.call('GET', '/auth/user/profile', { token: me.accessToken })).status).toBe(401);
    expect((await api.call('POST', '/auth/refresh', { body: { refreshToken: me.refreshToken } })).status).toBe(401);
  });

  it('refuses a cookie-authenticated change without our Origin, and accepts Bearer calls without one', async () => {
    const me = await api.signIn();
    const body = { name: 'CSRF target' };
    const missing = await api.call('POST', '/api/projects', { headers: { cookie: me.cookie }, body });
    expect(missing.status).toBe(403);
    expect(missing.body.error?.code).toBe('CSRF_FAILED');
    const foreign = await api.call('POST', '/api/projects', { headers: { cookie: me.cookie, origin: 'https://evil.example' }, body });
    expect(foreign.status).toBe(403);
    const ownReferer = await api.call('POST', '/api/projects', { headers: { cookie: me.cookie, referer: `${app.url}/boards` }, body });
    expect(ownReferer.status).toBe(201);
    const own = await api.call('POST', '/api/projects', { headers: { cookie: me.cookie, origin: app.url }, body });
    expect(own.status).toBe(201);
    const bearer = await api.call('POST', '/api/projects', { token: me.accessToken, body });
    expect(bearer.status).toBe(201);
    const reads = await api.call('GET', '/api/projects', { headers: { cookie: me.cookie } });
    expect(reads.status).toBe(200);
  });

  it('answers 401 to /api without credentials', async () => {
    const reply = await api.call('GET', '/api/projects');
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ data: null, error: { code: 'UNAUTHORIZED' } });
  });
});

describe('sign-in protection', () => {
  it('rate-limits brute force against login with 429 and Retry-After', async () => {
    const app = await startTestApp('pglite', { AUTH_DEV_LOGIN: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    try {
      const api = client(app.url);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await api.call('POST', '/auth/dev/login', { body: { email: `guess${i}@example.com` } });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.body).toMatchObject({ data: null, error: { code: 'RATE_LIMITED' } });
    } finally {
      await app.stop();
    }
  });

  it("behind a balancer (TRUST_PROXY_HOPS=1) each client has its own budget, keyed by the address the balancer forwards; without it the header is ignored", async () => {
    const login = (api: ReturnType<typeof client>, from: string, i: number) => api.call('POST', '/auth/dev/login', { body: { email: `p${i}@example.com` }, headers: { 'x-forwarded-for': from } });
    const behind = await startTestApp('pglite', { AUTH_DEV_LOGIN: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '2', TRUST_PROXY_HOPS: '1' });
    const direct = await startTestApp('pglite', { AUTH_DEV_LOGIN: 'true', RATE_LIMIT_AUTH_PER_MINUTE: '2' });
    try {
      const api = client(behind.url);
      const statuses = [await login(api, '203.0.113.7', 1), await login(api, '203.0.113.7', 2), await login(api, '203.0.113.7', 3), await login(api, '198.51.100.9', 4)].map((r) => r.status);
      expect(statuses).toEqual([200, 200, 429, 200]);
      // A forged header does not buy a direct client a new budget.
      const forged = client(direct.url);
      expect([await login(forged, '1.1.1.1', 1), await login(forged, '2.2.2.2', 2), await login(forged, '3.3.3.3', 3)].map((r) => r.status)).toEqual([200, 200, 429]);
    } finally {
      await Promise.all([behind.stop(), direct.stop()]);
    }
  });

  it('hides dev login when it is off', async () => {
    const app = await startTestApp('pglite', { AUTH_DEV_LOGIN: 'false' });
    try {
      const reply = await client(app.url).call('POST', '/auth/dev/login', { body: { email: 'a@example.com' } });
      expect(reply.status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});
