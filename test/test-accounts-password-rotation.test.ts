import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationFetch } from '../operations/integrations/guarded-fetch.js';
import { rotateDueAccounts } from '../operations/test-accounts/rotate-due-accounts.js';
import { createVault } from '../platform/vault.js';
import type { RunningApp } from '../server/app.js';
import { type SignedIn, client } from './helpers/client.js';
import { BACKENDS, type TestDatabase, freshDatabase } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';
import { type Account, type AuditRecord, KEY_A, type Revealed, startReady } from './helpers/test-accounts.js';

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
