import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationFetch } from '../operations/integrations/guarded-fetch.js';
import { rewrapTestAccounts } from '../operations/test-accounts/rewrap-test-accounts.js';
import { rotateDueAccounts } from '../operations/test-accounts/rotate-due-accounts.js';
import { decodeBase32, totpAt } from '../operations/test-accounts/totp.js';
import { parseConfig } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import { createVault } from '../platform/vault.js';
import { type RunningApp, startApp } from '../server/app.js';
import { spawnServer } from './helpers/child-server.js';
import { type SignedIn, client } from './helpers/client.js';
import { BACKENDS, type TestDatabase, databaseConfigFor, freshDatabase } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';
import { TEST_ACCOUNT_LIMITS } from '../rest/test-accounts/schemas.js';
import { LIMITS } from '../web/src/limits.js';

const KEY_A = 'vault-master-key-A-'.repeat(3);
const KEY_B = 'vault-master-key-B-'.repeat(3);
const KEY_C = 'vault-master-key-C-'.repeat(3);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Account {
  id: string;
  service: string;
  hasPassword: boolean;
  hasTotp: boolean;
  hasNotes: boolean;
  canReveal: boolean;
  revealRoles: string[];
  passwordChangedAt: string | null;
  version: number;
}
interface Revealed {
  password: string | null;
  totpSeed: string | null;
  notes: string | null;
  totp: { code: string; secondsRemaining: number } | null;
}
interface AuditRecord {
  action: string;
  actorUserId: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The app's `stop` closes its database; a restart on the same data needs it to stay open until the test's cleanup. */
function keptOpen(db: Database): Database {
  return {
    kind: db.kind,
    connection: db.connection,
    query: (text, values) => db.query(text, values),
    transaction: (fn) => db.transaction(fn),
    ping: (timeoutMs) => db.ping(timeoutMs),
    close: async () => {},
  };
}

/** A server on port 0 over `test`'s data with the given vault keys; `migrated` is left to the caller (it carries the key check). */
function startOn(test: TestDatabase, env: Record<string, string>): Promise<RunningApp> {
  const config = {
    ...parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'silent',
      AUTH_DEV_LOGIN: 'true',
      AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      SECRETS_KEY: 'secrets-key-for-the-vault-tests-0123456789',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}`,
      ...env,
    }),
    database: databaseConfigFor(test),
  };
  return startApp(config, silentLogger, { db: keptOpen(test.db) });
}

async function startReady(test: TestDatabase, env: Record<string, string>): Promise<RunningApp> {
  const app = await startOn(test, env);
  await app.migrated;
  return app;
}

const SECRET = {
  password: 'correct-horse-battery-staple-Ω',
  totpSeed: 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
  notes: 'recovery codes: 1111-2222, 3333-4444',
};
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

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
  let test: TestDatabase;
  let app: RunningApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let admin: SignedIn;
  let editor: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;

  beforeAll(async () => {
    test = await freshDatabase(kind);
    app = await startReady(test, { VAULT_MASTER_KEY: KEY_A });
    api = client(app.url);
    owner = await api.signIn(undefined, 'Owner');
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Vault' } })).body.data.id;
    const member = async (role: string) => {
      const person = await api.signIn();
      expect((await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } })).status).toBe(201);
      return person;
    };
    admin = await member('admin');
    editor = await member('editor');
    viewer = await member('viewer');
    outsider = await api.signIn();
    await api.call('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Elsewhere' } });
  });
  afterAll(async () => {
    await app?.stop();
    await test?.cleanup();
  });

  const create = async (who: SignedIn, body: Record<string, unknown>) => api.call<Account>('POST', `/api/testing/accounts?projectId=${projectId}`, { token: who.accessToken, body });
  const reveal = (who: SignedIn, id: string) => api.call<Revealed>('POST', `/api/testing/accounts/${id}/reveal`, { token: who.accessToken });
  const audit = async () => (await api.call<AuditRecord[]>('GET', `/api/projects/${projectId}/audit?limit=200`, { token: owner.accessToken })).body.data;

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

  it('rotates the master key by re-wrapping data keys only: every secret stays readable, every record ends under the new key', async () => {
    const own = await freshDatabase(kind);
    let server = await startReady(own, { VAULT_MASTER_KEY: KEY_A });
    try {
      const local = client(server.url);
      const boss = await local.signIn();
      const project = (await local.call<{ id: string }>('POST', '/api/projects', { token: boss.accessToken, body: { name: 'Rotation' } })).body.data.id;
      const secrets = Array.from({ length: 5 }, (_, i) => ({ service: `Service ${i}`, username: `user${i}`, password: `password-${i}-${randomBytes(4).toString('hex')}`, totpSeed: SEED, notes: `note ${i}` }));
      const ids: string[] = [];
      for (const body of secrets) ids.push((await local.call<Account>('POST', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken, body })).body.data.id);
      const sealedBefore = await own.db.query<{ id: string; sealed_secrets: string }>('SELECT id, sealed_secrets FROM test_accounts ORDER BY id');
      await server.stop();

      // The new key, with the old one as previous: records under the old key still open.
      server = await startReady(own, { VAULT_MASTER_KEY: KEY_B, VAULT_PREVIOUS_MASTER_KEYS: KEY_A });
      const rotated = client(server.url);
      const token = (await rotated.signIn(boss.email)).accessToken;
      expect((await rotated.call<Revealed>('POST', `/api/testing/accounts/${ids[0]}/reveal`, { token })).body.data.password).toBe(secrets[0]!.password);
      // An edit meanwhile seals that record under the new key at once.
      expect((await rotated.call('PUT', `/api/testing/accounts/${ids[1]}`, { token, body: { notes: 'edited during rotation' } })).status).toBe(200);
      const report = await rewrapTestAccounts(own.db, createVault(KEY_B, [KEY_A]), { batchSize: 2 });
      expect(report.rewrapped).toBe(4);
      expect((await rewrapTestAccounts(own.db, createVault(KEY_B, [KEY_A]))).rewrapped).toBe(0);
      const keys = await own.db.query<{ master_key_id: string }>('SELECT DISTINCT master_key_id FROM test_accounts');
      expect(keys.rows).toEqual([{ master_key_id: createVault(KEY_B).currentKeyId }]);
      const sealedAfter = await own.db.query<{ id: string; sealed_secrets: string }>('SELECT id, sealed_secrets FROM test_accounts ORDER BY id');
      // Only the wrapped keys moved; the sealed data is as it was (but for the record edited meanwhile).
      expect(sealedAfter.rows.filter((row) => row.id !== ids[1])).toEqual(sealedBefore.rows.filter((row) => row.id !== ids[1]));
      await server.stop();

      // The old key can go: the new one alone opens everything.
      server = await startReady(own, { VAULT_MASTER_KEY: KEY_B });
      const after = client(server.url);
      const afterToken = (await after.signIn(boss.email)).accessToken;
      for (const [index, id] of ids.entries()) {
        const revealed = await after.call<Revealed>('POST', `/api/testing/accounts/${id}/reveal`, { token: afterToken });
        expect(revealed.status).toBe(200);
        expect(revealed.body.data).toMatchObject({ password: secrets[index]!.password, totpSeed: SEED, notes: index === 1 ? 'edited during rotation' : secrets[index]!.notes });
      }
    } finally {
      await server.stop();
      await own.cleanup();
    }
  });

  it('refuses to start with a master key that opens no stored record, saying which variable to fix', async () => {
    const own = await freshDatabase(kind);
    try {
      const first = await startReady(own, { VAULT_MASTER_KEY: KEY_A });
      const local = client(first.url);
      const boss = await local.signIn();
      const project = (await local.call<{ id: string }>('POST', '/api/projects', { token: boss.accessToken, body: { name: 'Wrong key' } })).body.data.id;
      expect((await local.call('POST', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken, body: { service: 's', username: 'u', password: 'p' } })).status).toBe(201);
      await first.stop();

      const wrong = await startOn(own, { VAULT_MASTER_KEY: KEY_C, VAULT_PREVIOUS_MASTER_KEYS: KEY_B });
      try {
        const error = await wrong.migrated.then(() => null, (reason: unknown) => reason as Error);
        expect(error?.message).toMatch(/VAULT_MASTER_KEY/);
        expect(error?.message).toContain(createVault(KEY_A).currentKeyId);
        expect(error?.message).not.toContain(KEY_C);
        expect(error?.message.split('\n')).toHaveLength(1);
        // Still listening until it stops: the vault answers 503 rather than seal anything under the wrong key.
        const refused = await client(wrong.url).call('GET', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken });
        expect(refused.status).toBe(503);
        expect(refused.body.error!.code).toBe('NOT_READY');
      } finally {
        await wrong.stop();
      }
    } finally {
      await own.cleanup();
    }
  });

  it.runIf(kind === 'postgres')('npm run vault:rewrap and npm start: the commands an operator runs', async () => {
    const own = await freshDatabase(kind);
    try {
      const first = await startReady(own, { VAULT_MASTER_KEY: KEY_A });
      const local = client(first.url);
      const boss = await local.signIn();
      const project = (await local.call<{ id: string }>('POST', '/api/projects', { token: boss.accessToken, body: { name: 'CLI' } })).body.data.id;
      expect((await local.call('POST', `/api/testing/accounts?projectId=${project}`, { token: boss.accessToken, body: { service: 's', username: 'u', password: 'p' } })).status).toBe(201);
      await first.stop();
      const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: own.databaseUrl!, VAULT_MASTER_KEY: KEY_B, VAULT_PREVIOUS_MASTER_KEYS: KEY_A };
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/vault-rewrap-cli.ts'], { cwd: ROOT, env });
      expect(stdout).toMatch(/Re-wrapped 1 test account/);
      expect((await own.db.query<{ master_key_id: string }>('SELECT master_key_id FROM test_accounts')).rows).toEqual([{ master_key_id: createVault(KEY_B).currentKeyId }]);

      // The old key alone no longer opens anything: the real entry point exits with one line.
      const child = spawnServer({ DATABASE_URL: own.databaseUrl!, VAULT_MASTER_KEY: KEY_A, AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', SECRETS_KEY: 'secrets-key-for-the-vault-tests-0123456789', JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}` });
      expect(await child.exited).toBe(1);
      const lines = child.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Cannot start: .*VAULT_MASTER_KEY/);
      expect(child.stdout() + child.stderr()).not.toContain(KEY_A);
    } finally {
      await own.cleanup();
    }
  });
});

/** A rotator webhook: answers each POST with the next password (or fails while told to), and keeps what it was sent. */
async function startRotator(): Promise<{ url: string; requests: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[]; failWith: (status: number | null) => void; close: () => Promise<void> }> {
  const requests: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  let failing: number | null = null;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      if (failing !== null) {
        res.writeHead(failing, { 'content-type': 'text/plain' }).end('secret internal trace');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ password: `rotated-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/rotate?token=abc`, requests, failWith: (status) => (failing = status), close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(BACKENDS)('test accounts rotation policy: %s', (kind) => {
  let test: TestDatabase;
  let app: RunningApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let admin: SignedIn;
  let editor: SignedIn;
  let projectId: string;
  let rotator: Awaited<ReturnType<typeof startRotator>>;
  const vault = createVault(KEY_A);

  beforeAll(async () => {
    rotator = await startRotator();
    test = await freshDatabase(kind);
    // Private URLs allowed: the rotator is a local fake (production refuses this).
    app = await startReady(test, { VAULT_MASTER_KEY: KEY_A, INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true' });
    api = client(app.url);
    owner = await api.signIn();
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Rotation policy' } })).body.data.id;
    const member = async (role: string) => {
      const person = await api.signIn();
      await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } });
      return person;
    };
    admin = await member('admin');
    editor = await member('editor');
  });
  afterAll(async () => {
    await app?.stop();
    await test?.cleanup();
    await rotator?.close();
  });

  const pass = (nowMs = Date.now()) => rotateDueAccounts({ db: test.db, vault, fetch: destinationFetch(true), graceHours: 24, logger: silentLogger, now: () => nowMs });
  const makeDue = (id: string) => test.db.query("UPDATE test_accounts SET rotation_due_at = now() - interval '1 minute' WHERE id = $1", [id]);
  const inbox = async (who: SignedIn) => (await api.call<{ items: { event: { type: string; entryId?: string; data: Record<string, unknown> } }[] }>('GET', '/api/notifications', { token: who.accessToken })).body.data.items;

  it('lets only owners and admins set a policy, and checks the rotator URL', async () => {
    const base = `/api/testing/accounts?projectId=${projectId}`;
    expect((await api.call('POST', base, { token: editor.accessToken, body: { service: 's', username: 'u', rotationDays: 30 } })).status).toBe(403);
    const noDays = await api.call('POST', base, { token: admin.accessToken, body: { service: 's', username: 'u', rotatorUrl: rotator.url } });
    expect(noDays.status).toBe(422);
    expect((await api.call('POST', base, { token: admin.accessToken, body: { service: 's', username: 'u', rotationDays: 0 } })).status).toBe(422);
    expect((await api.call('POST', base, { token: admin.accessToken, body: { service: 's', username: 'u', rotationDays: 30, rotatorUrl: 'ftp://example.com/x' } })).status).toBe(422);
    const created = await api.call<Account & { rotationDays: number; hasRotator: boolean; rotationDueAt: string }>('POST', base, { token: admin.accessToken, body: { service: 's', username: 'u', rotationDays: 30, rotatorUrl: rotator.url } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ rotationDays: 30, hasRotator: true, rotationStatus: 'none' });
    expect(Date.parse(created.body.data.rotationDueAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(JSON.stringify(created.body)).not.toContain('token=abc');
    const { rows } = await test.db.query<Record<string, unknown>>('SELECT * FROM test_accounts WHERE id = $1', [created.body.data.id]);
    expect(JSON.stringify(rows[0])).not.toContain('token=abc');
  });

  it('asks the rotator when due, stores the new password and keeps the old one for the grace period', async () => {
    const created = await api.call<Account>('POST', `/api/testing/accounts?projectId=${projectId}`, { token: owner.accessToken, body: { service: 'Shopify', username: 'qa', password: 'original-password', rotationDays: 7, rotatorUrl: rotator.url } });
    await makeDue(created.body.data.id);
    const sent = rotator.requests.length;
    expect(await pass()).toMatchObject({ rotated: 1, failed: 0 });
    const request = rotator.requests[sent]!;
    expect(request.body).toMatchObject({ accountId: created.body.data.id, service: 'Shopify', username: 'qa' });
    expect(JSON.stringify(request.body)).not.toContain('original-password');
    expect(request.headers['idempotency-key']).toBe(`${created.body.data.id}:${created.body.data.version}`);
    const revealed = await api.call<Revealed & { previousPassword: string | null; previousPasswordUntil: string | null }>('POST', `/api/testing/accounts/${created.body.data.id}/reveal`, { token: owner.accessToken });
    expect(revealed.body.data).toMatchObject({ password: `rotated-${sent + 1}`, previousPassword: 'original-password' });
    expect(Date.parse(revealed.body.data.previousPasswordUntil!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const view = (await api.call<Account & { rotationStatus: string; rotationDueAt: string }>('GET', `/api/testing/accounts/${created.body.data.id}`, { token: owner.accessToken })).body.data;
    expect(view.rotationStatus).toBe('ok');
    expect(Date.parse(view.rotationDueAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    // Not due any more: a second pass leaves it alone.
    expect(await pass()).toMatchObject({ rotated: 0 });
    const audit = (await api.call<AuditRecord[]>('GET', `/api/projects/${projectId}/audit?limit=200`, { token: owner.accessToken })).body.data;
    expect(audit.some((record) => record.action === 'test_account.rotated' && record.target === created.body.data.id)).toBe(true);
  });

  it('rotates an account once when two workers pass at the same moment', async () => {
    const created = await api.call<Account>('POST', `/api/testing/accounts?projectId=${projectId}`, { token: owner.accessToken, body: { service: 'Twice', username: 'qa', password: 'p0', rotationDays: 7, rotatorUrl: rotator.url } });
    await makeDue(created.body.data.id);
    const sent = rotator.requests.length;
    const reports = await Promise.all([pass(), pass()]);
    expect(reports.reduce((sum, report) => sum + report.rotated, 0)).toBe(1);
    expect(rotator.requests.length).toBe(sent + 1);
  });

  it('tells those who may reveal when the rotator fails, without its answer, and keeps the password', async () => {
    const created = await api.call<Account>('POST', `/api/testing/accounts?projectId=${projectId}`, { token: owner.accessToken, body: { service: 'Twilio', username: 'qa', password: 'still-this', rotationDays: 7, rotatorUrl: rotator.url } });
    await makeDue(created.body.data.id);
    rotator.failWith(500);
    try {
      expect(await pass()).toMatchObject({ failed: 1 });
    } finally {
      rotator.failWith(null);
    }
    const view = (await api.call<Account & { rotationStatus: string; rotationError: string; rotationDueAt: string }>('GET', `/api/testing/accounts/${created.body.data.id}`, { token: owner.accessToken })).body.data;
    expect(view).toMatchObject({ rotationStatus: 'failed', rotationError: 'the rotator answered 500' });
    expect(Date.parse(view.rotationDueAt) - Date.now()).toBeLessThan(2 * 3_600_000);
    expect((await api.call<Revealed>('POST', `/api/testing/accounts/${created.body.data.id}/reveal`, { token: owner.accessToken })).body.data.password).toBe('still-this');
    for (const who of [owner, admin]) {
      const notice = (await inbox(who)).find((item) => item.event.type === 'test-account.rotation-due' && item.event.data.service === 'Twilio');
      expect(notice?.event.data).toMatchObject({ reason: 'failed', error: 'the rotator answered 500' });
      expect(JSON.stringify(notice)).not.toContain('secret internal trace');
    }
    expect((await inbox(editor)).some((item) => item.event.type === 'test-account.rotation-due')).toBe(false);
  });

  it('reminds those who may reveal when there is no rotator, and starts the period again once the password changes', async () => {
    const created = await api.call<Account>('POST', `/api/testing/accounts?projectId=${projectId}`, { token: owner.accessToken, body: { service: 'Mailchimp', username: 'qa', password: 'old', rotationDays: 14 } });
    await makeDue(created.body.data.id);
    expect(await pass()).toMatchObject({ reminded: 1 });
    const notice = (await inbox(admin)).find((item) => item.event.type === 'test-account.rotation-due' && item.event.data.service === 'Mailchimp');
    expect(notice?.event.data).toMatchObject({ reason: 'remind', linkPath: `/#/p/${projectId}/test-accounts` });
    const reminded = (await api.call<Account & { rotationStatus: string }>('GET', `/api/testing/accounts/${created.body.data.id}`, { token: owner.accessToken })).body.data;
    expect(reminded.rotationStatus).toBe('reminded');
    const changed = await api.call<Account & { rotationStatus: string; rotationDueAt: string }>('PUT', `/api/testing/accounts/${created.body.data.id}`, { token: editor.accessToken, body: { password: 'new' } });
    expect(changed.body.data.rotationStatus).toBe('none');
    expect(Date.parse(changed.body.data.rotationDueAt) - Date.now()).toBeGreaterThan(13 * 86_400_000);
    // Clearing the policy stops it.
    const cleared = await api.call<Account & { rotationDays: number | null; rotationDueAt: string | null }>('PUT', `/api/testing/accounts/${created.body.data.id}`, { token: owner.accessToken, body: { rotationDays: null } });
    expect(cleared.body.data).toMatchObject({ rotationDays: null, rotationDueAt: null });
  });
});
