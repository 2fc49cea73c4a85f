import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createSamlConnection } from '../identity/saml-connections.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { BACKENDS } from './helpers/databases.js';
import { createTestIdp } from './helpers/saml-idp.js';

/** Enterprise sign-in against responses signed by a key pair made in the test. */
describe.each(BACKENDS)('SAML sign-in: %s', (kind) => {
  let app: TestApp;
  const idp = createTestIdp('acme');
  const stranger = createTestIdp('stranger');
  const entryPoint = 'https://idp.acme.example/sso';

  beforeAll(async () => {
    app = await startTestApp(kind);
    await createSamlConnection(app.db, { id: 'acme', emailDomain: 'acme.com', entryPoint, idpCertificate: idp.certificate, idpIssuer: idp.issuer });
  });
  afterAll(async () => {
    await app.stop();
  });

  const audience = () => `${app.url}/auth/saml/metadata/acme`;
  const recipient = () => `${app.url}/auth/saml/callback/acme`;

  async function post(samlResponse: string, connection = 'acme') {
    const response = await fetch(`${app.url}/auth/saml/callback/${connection}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: samlResponse }).toString(),
    });
    return { status: response.status, body: (await response.json()) as { data: { user: { email: string; name: string }; accessToken: string }; error?: { code: string; message: string } } };
  }

  it('redirects a person of the organisation to its identity provider', async () => {
    const response = await fetch(`${app.url}/auth/saml/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@ACME.com' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const location = response.headers.get('location')!;
    expect(location.startsWith(`${entryPoint}?`)).toBe(true);
    expect(new URL(location).searchParams.get('SAMLRequest')).toBeTruthy();
  });

  it('also starts sign-in from a form naming the connection', async () => {
    const response = await fetch(`${app.url}/auth/saml/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'connection=acme',
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^https:\/\/idp\.acme\.example\/sso\?.*SAMLRequest=/);
  });

  it('signs a person in with a signed assertion', async () => {
    const result = await post(idp.response({ nameId: 'ada@acme.com', audience: audience(), recipient: recipient(), attributes: { email: 'ada@acme.com', displayName: 'Ada Acme' } }));
    expect(result.status).toBe(200);
    expect(result.body.data.user).toMatchObject({ email: 'ada@acme.com', name: 'Ada Acme' });
    const profile = await fetch(`${app.url}/auth/user/profile`, { headers: { authorization: `Bearer ${result.body.data.accessToken}` } });
    expect(profile.status).toBe(200);
  });

  it.each([
    ['signed by another key', () => stranger.response({ nameId: 'eve@acme.com', audience: audience(), recipient: recipient() })],
    ['altered after signing', () => idp.response({ nameId: 'bob@acme.com', audience: audience(), recipient: recipient(), alterAfterSigning: (xml) => xml.replace('bob@acme.com', 'ceo@acme.com') })],
    ['expired', () => idp.response({ nameId: 'bob@acme.com', audience: audience(), recipient: recipient(), notOnOrAfter: new Date(Date.now() - 60_000) })],
    ['for another audience', () => idp.response({ nameId: 'bob@acme.com', audience: 'https://other.example/sp', recipient: recipient() })],
    ['for another recipient', () => idp.response({ nameId: 'bob@acme.com', audience: audience(), recipient: 'https://other.example/acs' })],
    ['not base64 or XML', () => 'notbase64!!'],
    ['an unsigned document', () => Buffer.from('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>').toString('base64')],
  ])('refuses a response %s with 401', async (_label, make) => {
    const result = await post(make());
    expect(result.status).toBe(401);
    expect(result.body.error?.code).toBe('UNAUTHORIZED');
  });

  it('treats an email outside the organisation’s domain as unverified', async () => {
    const result = await post(idp.response({ nameId: 'mallory@gmail.com', audience: audience(), recipient: recipient() }));
    expect(result.status).toBe(403);
    expect(result.body.error?.code).toBe('EMAIL_NOT_VERIFIED');
  });

  it('answers 404 for an unknown connection or organisation, and 422 for a bad body', async () => {
    expect((await post('x', 'nobody')).status).toBe(404);
    const unknown = await fetch(`${app.url}/auth/saml/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@nowhere.com' }), redirect: 'manual' });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${app.url}/auth/saml/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nope' }) });
    expect(bad.status).toBe(422);
  });

  it('validates connections before storing them', async () => {
    const valid = { id: 'beta', emailDomain: 'beta.com', entryPoint: 'https://idp.beta.example/sso', idpCertificate: idp.certificate };
    await expect(createSamlConnection(app.db, { ...valid, id: 'Not Valid' })).rejects.toBeInstanceOf(ZodError);
    await expect(createSamlConnection(app.db, { ...valid, entryPoint: 'javascript:alert(1)' })).rejects.toBeInstanceOf(ZodError);
    await expect(createSamlConnection(app.db, { ...valid, emailDomain: 'ACME.com' })).rejects.toThrow(); // domain taken (stored lowercase)
  });

  it('publishes service-provider metadata naming its entity id and callback', async () => {
    const response = await fetch(`${app.url}/auth/saml/metadata/acme`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain(`entityID="${audience()}"`);
    expect(xml).toContain(recipient());
  });
});
