import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { client, type Reply, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';

interface Integration {
  id: string;
  kind: string;
  name: string;
  settings: Record<string, unknown>;
  eventTypes: string[];
  status: string;
  brokenReason: string | null;
  hasSecret: boolean;
  secretHint: string | null;
}

/** A public address written as a literal, so nothing here needs DNS (the sandbox may have none). */
const PUBLIC_SITE = 'https://93.184.215.14';
const TOKEN = 'ATATT3xFfGF0-very-secret-jira-token-0123456789-wxyz';

const jira = (overrides: Record<string, unknown> = {}) => ({
  kind: 'jira',
  name: 'Studio JIRA',
  secret: TOKEN,
  eventTypes: ['task.created', 'task.moved'],
  settings: { site: `${PUBLIC_SITE}/`, projectKey: 'STUDIO', issueType: 'Task', email: 'bot@example.com', columnStatus: { todo: 'To Do', done: 'Done' } },
  ...overrides,
});

describe.each(BACKENDS)('integrations API, with the URL check on: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let projectId: string;
  const members: Record<string, SignedIn> = {};
  /** Every reply of this suite, to look for the secrets in afterwards. */
  const replies: Reply[] = [];

  const call = async <T = Integration>(method: string, path: string, who: SignedIn | string, body?: unknown): Promise<Reply<T>> => {
    const reply = await api.call<T>(method, path, { token: typeof who === 'string' ? who : who.accessToken, ...(body === undefined ? {} : { body }) });
    replies.push(reply);
    return reply;
  };
  const base = () => `/api/projects/${projectId}/integrations`;

  beforeAll(async () => {
    // The check is off by default only in development; said explicitly so this suite tests it on.
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true', INTEGRATIONS_ALLOW_PRIVATE_URLS: 'false' });
    api = client(app.url);
    owner = await api.signIn();
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Integrations' } })).body.data.id;
    for (const role of ['admin', 'editor', 'commenter', 'viewer']) {
      const person = await api.signIn();
      expect((await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } })).status).toBe(201);
      members[role] = person;
    }
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('owners and admins manage integrations; editors, commenters and viewers get 403; others 404', async () => {
    const created = await call('POST', base(), owner, jira());
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ kind: 'jira', name: 'Studio JIRA', status: 'active', hasSecret: true, secretHint: '…wxyz', eventTypes: ['task.created', 'task.moved'] });
    // Stored normalised: the site without its trailing slash.
    expect(created.body.data.settings).toMatchObject({ site: PUBLIC_SITE, projectKey: 'STUDIO' });
    const id = created.body.data.id;

    const byAdmin = await call<Integration[]>('GET', base(), members.admin!);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.data.map((i) => i.id)).toContain(id);
    expect((await call('POST', base(), members.admin!, jira({ name: 'Admin JIRA' }))).status).toBe(201);

    for (const role of ['editor', 'commenter', 'viewer']) {
      const person = members[role]!;
      expect((await call('GET', base(), person)).status, role).toBe(403);
      expect((await call('GET', `${base()}/${id}`, person)).status, role).toBe(403);
      expect((await call('POST', base(), person, jira())).status, role).toBe(403);
      expect((await call('PATCH', `${base()}/${id}`, person, { status: 'disabled' })).status, role).toBe(403);
      expect((await call('DELETE', `${base()}/${id}`, person)).status, role).toBe(403);
    }
    const stranger = await api.signIn();
    expect((await call('GET', base(), stranger)).status).toBe(404);
    expect((await call('POST', base(), stranger, jira())).status).toBe(404);
    expect((await call('GET', `${base()}/${id}`, stranger)).status).toBe(404);
    expect((await api.call('GET', base())).status).toBe(401);

    // An integration of another project is not found through this one, even by its owner.
    const other = (await api.call<{ id: string }>('POST', '/api/projects', { token: stranger.accessToken, body: { name: 'Other' } })).body.data.id;
    const theirs = await call('POST', `/api/projects/${other}/integrations`, stranger, jira());
    expect(theirs.status).toBe(201);
    expect((await call('GET', `${base()}/${theirs.body.data.id}`, owner)).status).toBe(404);
    expect((await call('PATCH', `${base()}/${theirs.body.data.id}`, owner, { name: 'Mine now' })).status).toBe(404);
    expect((await call('DELETE', `${base()}/${theirs.body.data.id}`, owner)).status).toBe(404);
    expect((await call('GET', `${base()}/not-a-uuid`, owner)).status).toBe(404);

    // An API key acts with its role: an editor key is refused, an admin key manages.
    const editorKey = await api.call<{ secret: string }>('POST', `/api/projects/${projectId}/api-keys`, { token: owner.accessToken, body: { name: 'ci', role: 'editor' } });
    expect((await call('GET', base(), editorKey.body.data.secret)).status).toBe(403);
    const adminKey = await api.call<{ secret: string }>('POST', `/api/projects/${projectId}/api-keys`, { token: owner.accessToken, body: { name: 'ops', role: 'admin' } });
    expect((await call('GET', base(), adminKey.body.data.secret)).status).toBe(200);
  });

  it('edits, re-activates a broken integration, disables and deletes, with an audit trail', async () => {
    const id = (await call('POST', base(), owner, jira({ name: 'Lifecycle' }))).body.data.id;
    // A channel found it broken (what send-due records when JIRA says 401).
    await app.db.query(`UPDATE integrations SET status = 'broken', broken_reason = 'HTTP 401: bad token' WHERE id = $1`, [id]);
    expect((await call('GET', `${base()}/${id}`, owner)).body.data).toMatchObject({ status: 'broken', brokenReason: 'HTTP 401: bad token' });

    const newToken = 'ATATT-a-brand-new-token-for-jira-0000-abcd';
    const mended = await call('PATCH', `${base()}/${id}`, members.admin!, { secret: newToken, status: 'active' });
    expect(mended.status).toBe(200);
    expect(mended.body.data).toMatchObject({ status: 'active', brokenReason: null, secretHint: '…abcd', name: 'Lifecycle' });

    const edited = await call('PATCH', `${base()}/${id}`, owner, { name: 'Renamed', eventTypes: ['task.moved', 'task.moved'], settings: { site: PUBLIC_SITE, projectKey: 'OPS', issueType: 'Bug', email: 'ops@example.com' } });
    expect(edited.body.data).toMatchObject({ name: 'Renamed', eventTypes: ['task.moved'], settings: { projectKey: 'OPS', columnStatus: {} }, secretHint: '…abcd' });
    expect((await call('PATCH', `${base()}/${id}`, owner, { status: 'disabled' })).body.data.status).toBe('disabled');
    expect((await call('PATCH', `${base()}/${id}`, owner, { status: 'broken' })).status).toBe(422);
    expect((await call('PATCH', `${base()}/${id}`, owner, {})).status).toBe(422);

    expect((await call('DELETE', `${base()}/${id}`, owner)).body.data).toEqual({ id, deleted: true });
    expect((await call('GET', `${base()}/${id}`, owner)).status).toBe(404);
    expect((await call('DELETE', `${base()}/${id}`, owner)).status).toBe(404);

    const audit = await call<{ action: string; target: string; details: Record<string, unknown> }[]>('GET', `/api/projects/${projectId}/audit?limit=200`, owner);
    const mine = audit.body.data.filter((record) => record.target === id).map((record) => record.action);
    expect(mine).toEqual(['integration.deleted', 'integration.updated', 'integration.updated', 'integration.updated', 'integration.created']);
    expect(audit.body.data.find((record) => record.target === id && record.details.secretReplaced)).toBeDefined();
  });

  it('refuses http, private, loopback and link-local URLs, and URLs that are not the chat’s own webhooks (422)', async () => {
    const webhook = (kindOf: string, secret: string) => call('POST', base(), owner, { kind: kindOf, name: 'Hook', secret });
    const refusedDiscord = [
      'http://discord.com/api/webhooks/1/abc', // not https
      'https://127.0.0.1/api/webhooks/1/abc',
      'https://localhost/api/webhooks/1/abc', // resolves to loopback
      'https://10.1.2.3/api/webhooks/1/abc',
      'https://172.20.0.5/api/webhooks/1/abc',
      'https://192.168.1.10/api/webhooks/1/abc',
      'https://169.254.169.254/api/webhooks/1/abc', // cloud metadata
      'https://0.0.0.0/api/webhooks/1/abc',
      'https://2130706433/api/webhooks/1/abc', // 127.0.0.1 as a number
      'https://[::1]/api/webhooks/1/abc',
      'https://[::ffff:127.0.0.1]/api/webhooks/1/abc', // IPv4-mapped IPv6
      'https://[fd00::1]/api/webhooks/1/abc',
      'https://[fe80::1]/api/webhooks/1/abc',
      'https://evil.example/api/webhooks/1/abc', // not Discord
      'https://discord.com/api/channels/1/messages', // not a webhook
      'https://user:pass@discord.com/api/webhooks/1/abc',
      'not a url',
    ];
    for (const url of refusedDiscord) {
      const reply = await webhook('discord', url);
      expect(reply.status, url).toBe(422);
      expect(reply.body.error?.code, url).toBe('VALIDATION_FAILED');
    }
    for (const url of ['https://hooks.slack.com.evil.example/services/T0/B0/x', 'http://hooks.slack.com/services/T0/B0/x', 'https://127.0.0.1/services/T0/B0/x', 'https://example.com/services/T0/B0/x']) {
      expect((await webhook('slack', url)).status, url).toBe(422);
    }
    for (const site of ['http://93.184.215.14', 'https://localhost', 'https://127.0.0.1', 'https://[::ffff:a9fe:a9fe]', 'https://10.0.0.1/jira', `${PUBLIC_SITE}/?q=1`]) {
      expect((await call('POST', base(), owner, jira({ settings: { ...jira().settings, site } }))).status, site).toBe(422);
    }
    // The reason names the field, never the URL's token.
    const reply = await webhook('discord', 'https://10.0.0.1/api/webhooks/1/super-secret-token');
    expect(reply.body.error?.details).toEqual([{ path: 'secret', message: 'must be a Discord webhook URL (https://discord.com/api/webhooks/…)' }]);
    expect(JSON.stringify(reply.body)).not.toContain('super-secret-token');
    const site = await call('POST', base(), owner, jira({ settings: { ...jira().settings, site: 'https://localhost:8443' } }));
    expect(site.body.error?.details).toEqual([{ path: 'settings.site', message: 'must not point at a private, loopback or link-local address' }]);
  });

  it('refuses hostile and oversized input with 4xx, never a 500', async () => {
    const long = 'x'.repeat(5_000);
    const bodies: unknown[] = [
      jira({ name: long }),
      jira({ name: 'nul\u0000name' }),
      jira({ secret: long }),
      jira({ secret: 'has spaces in it' }),
      jira({ eventTypes: ['task.exploded'] }),
      jira({ eventTypes: Array.from({ length: 101 }, () => 'task.moved') }),
      jira({ settings: { ...jira().settings, issueType: 'Task\u0000' } }),
      jira({ settings: { ...jira().settings, label: 'a\u0000b' } }),
      jira({ settings: { ...jira().settings, projectKey: 'lower' } }),
      jira({ settings: { ...jira().settings, columnStatus: { 'a\u0000b': 'Done' } } }),
      jira({ settings: { ...jira().settings, columnStatus: { ['c'.repeat(201)]: 'Done' } } }),
      jira({ settings: { ...jira().settings, columnStatus: { '': 'Done' } } }),
      jira({ settings: { ...jira().settings, columnStatus: Object.fromEntries(Array.from({ length: 101 }, (_, n) => [`c${n}`, 'Done'])) } }),
      jira({ settings: { ...jira().settings, extra: { deeply: { nested: true } } } }),
      jira({ settings: { ...jira().settings, site: long } }),
      jira({ kind: 'email' }),
      jira({ kind: 'teams' }),
      jira({ unexpected: true }),
      { kind: 'discord', name: 'No secret' },
      { kind: 'discord', name: 'Bad settings', secret: 'https://discord.com/api/webhooks/1/abc', settings: { username: long } },
      [],
    ];
    for (const body of bodies) {
      const reply = await call('POST', base(), owner, body);
      expect(reply.status, JSON.stringify(body).slice(0, 120)).toBe(422);
    }
    const email = await call('POST', base(), owner, jira({ kind: 'email' }));
    expect(email.body.error?.message + JSON.stringify(email.body.error?.details)).toContain('email');
    const id = (await call('POST', base(), owner, jira({ name: 'Target' }))).body.data.id;
    for (const body of [{ name: long }, { settings: { site: 'https://127.0.0.1' } }, { secret: '' }, { eventTypes: ['nope'] }, { status: 'active', extra: 1 }, { settings: { ...jira().settings, site: 'http://93.184.215.14' } }]) {
      expect((await call('PATCH', `${base()}/${id}`, owner, body)).status, JSON.stringify(body).slice(0, 120)).toBe(422);
    }
    expect((await api.call('POST', base(), { token: owner.accessToken, rawBody: '{"kind":' })).status).toBe(400);
    expect(replies.filter((reply) => reply.status >= 500)).toEqual([]);
  });

  it('never returns or stores a secret in clear', async () => {
    const created = await call('POST', base(), owner, jira({ name: 'Secretive' }));
    await call('GET', base(), owner);
    await call('GET', `${base()}/${created.body.data.id}`, owner);
    await call('PATCH', `${base()}/${created.body.data.id}`, owner, { name: 'Still secretive' });
    await call('GET', `/api/projects/${projectId}/audit?limit=200`, owner);
    const everything = JSON.stringify(replies.map((reply) => reply.body));
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('ATATT-a-brand-new-token');
    const { rows } = await app.db.query<{ secret: string; settings: unknown }>('SELECT secret, settings FROM integrations WHERE id = $1', [created.body.data.id]);
    expect(rows[0]!.secret).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });

  it('caps a project at 50 integrations (409)', async () => {
    const capped = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Capped' } })).body.data.id;
    for (let n = 0; n < 50; n++) expect((await call('POST', `/api/projects/${capped}/integrations`, owner, jira({ name: `J${n}` }))).status).toBe(201);
    const over = await call('POST', `/api/projects/${capped}/integrations`, owner, jira({ name: 'One too many' }));
    expect(over.status).toBe(409);
    expect(over.body.error?.code).toBe('CONFLICT');
  });
});
