import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32, totpAt } from '../operations/test-accounts/totp.js';
import { createVault } from '../platform/vault.js';
import { TEST_ACCOUNT_LIMITS } from '../rest/test-accounts/schemas.js';
import { LIMITS } from '../web/src/limits.js';
import type { SignedIn } from './helpers/client.js';
import { BACKENDS, type TestDatabase } from './helpers/databases.js';
import { type Account, KEY_A, SECRET, SEED, type VaultProject, startVaultProject } from './helpers/test-accounts.js';

function encodings(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  return [value, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('base64').slice(0, 12)];
}

describe('test accounts vault: the web client’s limits', () => {
  it('are the server’s', () => {
    expect([LIMITS.testAccountService.max, LIMITS.testAccountUsername.max, LIMITS.testAccountPassword.max, LIMITS.testAccountTotpSeed.max, LIMITS.testAccountNotes.max, LIMITS.testAccountRotatorUrl.max]).toEqual([
      TEST_ACCOUNT_LIMITS.service,
      TEST_ACCOUNT_LIMITS.username,
      TEST_ACCOUNT_LIMITS.password,
      TEST_ACCOUNT_LIMITS.totpSeed,
      TEST_ACCOUNT_LIMITS.notes,
      TEST_ACCOUNT_LIMITS.rotatorUrl,
    ]);
  });
});

describe.each(BACKENDS)('test accounts vault: %s', (kind) => {
  let project: VaultProject;
  let test: TestDatabase;
  let api: VaultProject['api'];
  let owner: SignedIn;
  let admin: SignedIn;
  let editor: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let create: VaultProject['create'];
  let reveal: VaultProject['reveal'];
  let audit: VaultProject['audit'];

  beforeAll(async () => {
    project = await startVaultProject(kind);
    ({ test, api, owner, admin, editor, viewer, outsider, projectId, create, reveal, audit } = project);
  });
  afterAll(async () => {
    await project?.stop();
  });

  it('stores the secrets sealed: the raw row has neither the plaintext nor its base64, and names the master key', async () => {
    const created = await create(editor, { service: 'Stripe', username: 'qa@example.com', environment: 'staging', ...SECRET });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ service: 'Stripe', hasPassword: true, hasTotp: true, hasNotes: true, revealRoles: ['owner', 'admin'], canReveal: false });
    expect(JSON.stringify(created.body)).not.toContain(SECRET.password);
    const { rows } = await test.db.query<Record<string, unknown>>('SELECT * FROM test_accounts WHERE id = $1', [created.body.data.id]);
    const raw = JSON.stringify(rows[0]);
    for (const secret of [SECRET.password, SEED, SECRET.notes, 'recovery codes']) {
      for (const form of encodings(secret)) expect(raw, form).not.toContain(form);
    }
    expect(rows[0]!.master_key_id).toBe(createVault(KEY_A).currentKeyId);
    expect(raw).not.toContain(KEY_A);
  });

  it('lists accounts without secrets to editors and above, not to viewers, and not across projects', async () => {
    const created = await create(owner, { service: 'AAA listing', username: 'list@example.com', password: 'listing-password-123' });
    for (const who of [owner, editor]) {
      const list = await api.call<{ items: Account[] }>('GET', `/api/testing/accounts?projectId=${projectId}`, { token: who.accessToken });
      expect(list.status).toBe(200);
      const text = JSON.stringify(list.body);
      expect(text).not.toContain('listing-password-123');
      expect(text).not.toContain(SECRET.password);
      expect(text).not.toMatch(/"password"|"totpSeed"|"notes"/);
      expect(list.body.data.items.find((item) => item.id === created.body.data.id)).toMatchObject({ hasPassword: true, hasTotp: false });
    }
    expect((await api.call('GET', `/api/testing/accounts?projectId=${projectId}`, { token: viewer.accessToken })).status).toBe(403);
    expect((await api.call('GET', `/api/testing/accounts?projectId=${projectId}`, { token: outsider.accessToken })).status).toBe(404);
  });

  it('pages the list by service with a cursor', async () => {
    for (const service of ['Page-1', 'Page-2', 'Page-3']) expect((await create(owner, { service, username: 'p' })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await api.call<{ items: Account[]; next: string | null }>('GET', `/api/testing/accounts?projectId=${projectId}&limit=2${query}`, { token: owner.accessToken });
      expect(page.status).toBe(200);
      expect(page.body.data.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.items.map((item) => item.service));
      cursor = page.body.data.next;
    } while (cursor);
    expect(seen.filter((service) => service.startsWith('Page-'))).toEqual(['Page-1', 'Page-2', 'Page-3']);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await api.call('GET', `/api/testing/accounts?projectId=${projectId}&cursor=bogus`, { token: owner.accessToken })).status).toBe(422);
  });

  it('replaces, clears and keeps secrets on edit, with a version check; only owners and admins delete', async () => {
    const created = await create(owner, { service: 'Mailgun', username: 'ops', password: 'first-password', notes: 'keep me' });
    const firstChange = created.body.data.passwordChangedAt;
    const edited = await api.call<Account>('PUT', `/api/testing/accounts/${created.body.data.id}`, { token: editor.accessToken, body: { version: 1, password: 'second-password', totpSeed: SEED } });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ version: 2, hasTotp: true, hasNotes: true });
    expect(edited.body.data.passwordChangedAt! >= firstChange!).toBe(true);
    expect((await reveal(owner, created.body.data.id)).body.data).toMatchObject({ password: 'second-password', notes: 'keep me', totpSeed: SEED });
    const stale = await api.call('PUT', `/api/testing/accounts/${created.body.data.id}`, { token: editor.accessToken, body: { version: 1, notes: null } });
    expect(stale.status).toBe(409);
    expect(stale.body.error!.code).toBe('VERSION_CONFLICT');
    const cleared = await api.call<Account>('PUT', `/api/testing/accounts/${created.body.data.id}`, { token: editor.accessToken, body: { notes: null } });
    expect(cleared.body.data.hasNotes).toBe(false);
    expect((await api.call('DELETE', `/api/testing/accounts/${created.body.data.id}`, { token: editor.accessToken })).status).toBe(403);
    expect((await api.call('DELETE', `/api/testing/accounts/${created.body.data.id}`, { token: admin.accessToken })).status).toBe(200);
    expect((await reveal(owner, created.body.data.id)).status).toBe(404);
    expect((await audit()).some((record) => record.action === 'test_account.deleted' && record.target === created.body.data.id)).toBe(true);
  });

  it.each([
    ['a NUL byte in the service', { service: 'bad\u0000name', username: 'u' }, 'service'],
    ['a NUL byte in the password', { service: 's', username: 'u', password: 'pass\u0000word' }, 'password'],
    ['a TOTP seed that is not base32', { service: 's', username: 'u', totpSeed: 'not-base32-at-all-189' }, 'totpSeed'],
    ['a TOTP seed too short', { service: 's', username: 'u', totpSeed: 'JBSWY3DP' }, 'totpSeed'],
    ['a password too long', { service: 's', username: 'u', password: 'x'.repeat(1_025) }, 'password'],
    ['notes too long', { service: 's', username: 'u', notes: 'x'.repeat(4_001) }, 'notes'],
    ['an unknown environment', { service: 's', username: 'u', environment: 'qa' }, 'environment'],
    ['a role that may never reveal', { service: 's', username: 'u', revealRoles: ['viewer'] }, 'revealRoles'],
  ])('refuses %s with 422', async (_what, body, field) => {
    const reply = await create(owner, body);
    expect(reply.status).toBe(422);
    expect(reply.body.error!.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(reply.body.error)).toContain(field);
  });

  it('reveals to an owner with a valid TOTP code, audited with who and from where', async () => {
    const created = await create(editor, { service: 'GitHub', username: 'bot', ...SECRET });
    const before = Date.now();
    const revealed = await reveal(owner, created.body.data.id);
    const after = Date.now();
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get('cache-control')).toBe('no-store');
    expect(revealed.body.data).toMatchObject({ password: SECRET.password, totpSeed: SEED, notes: SECRET.notes });
    const key = decodeBase32(SEED)!;
    expect([totpAt(key, before).code, totpAt(key, after).code]).toContain(revealed.body.data.totp!.code);
    expect(revealed.body.data.totp!.secondsRemaining).toBeGreaterThanOrEqual(1);
    expect(revealed.body.data.totp!.secondsRemaining).toBeLessThanOrEqual(30);
    const entry = (await audit()).find((record) => record.action === 'test_account.revealed' && record.target === created.body.data.id);
    expect(entry).toMatchObject({ actorUserId: owner.userId, details: { service: 'GitHub', role: 'owner' } });
    expect(entry!.ip).toBeTruthy();
    const listed = await api.call<Account>('GET', `/api/testing/accounts/${created.body.data.id}`, { token: owner.accessToken });
    expect(listed.body.data).toMatchObject({ canReveal: true, lastRevealedAt: expect.any(String) });
  });

  it('refuses a reveal by an editor with 403 and audits the refusal; another project’s member gets 404, audited too', async () => {
    const created = await create(owner, { service: 'Figma', username: 'design', password: 'figma-pass-1' });
    const refused = await reveal(editor, created.body.data.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error!.code).toBe('FORBIDDEN');
    expect(JSON.stringify(refused.body)).not.toContain('figma-pass-1');
    const stranger = await reveal(outsider, created.body.data.id);
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(stranger.body)).not.toContain('Figma');
    const records = (await audit()).filter((record) => record.action === 'test_account.reveal_refused' && record.target === created.body.data.id);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorUserId: editor.userId, ip: expect.any(String), details: expect.objectContaining({ role: 'editor', reason: 'role-not-allowed' }) }),
        expect.objectContaining({ actorUserId: outsider.userId, details: expect.objectContaining({ role: null, reason: 'not-a-member' }) }),
      ]),
    );
    for (const [method, path] of [['GET', ''], ['PUT', ''], ['DELETE', '']] as const) {
      const reply = await api.call(method, `/api/testing/accounts/${created.body.data.id}${path}`, { token: outsider.accessToken, body: method === 'PUT' ? { service: 'x' } : undefined });
      expect(reply.status, method).toBe(404);
    }
    expect((await reveal(viewer, created.body.data.id)).status).toBe(403);
  });

  it('lets owners and admins choose who may reveal (owners always may); editors may not choose', async () => {
    const created = await create(editor, { service: 'Sentry', username: 'qa', password: 'sentry-1' });
    expect((await create(editor, { service: 'X', username: 'y', revealRoles: ['editor'] })).status).toBe(403);
    expect((await api.call('PUT', `/api/testing/accounts/${created.body.data.id}`, { token: editor.accessToken, body: { revealRoles: ['editor'] } })).status).toBe(403);
    const widened = await api.call<Account>('PUT', `/api/testing/accounts/${created.body.data.id}`, { token: admin.accessToken, body: { revealRoles: ['editor'] } });
    expect(widened.status).toBe(200);
    expect(widened.body.data.revealRoles).toEqual(['owner', 'editor']);
    expect((await reveal(editor, created.body.data.id)).body.data.password).toBe('sentry-1');
    expect((await reveal(owner, created.body.data.id)).status).toBe(200);
    expect((await reveal(admin, created.body.data.id)).status).toBe(403);
  });
});
