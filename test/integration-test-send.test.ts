import { afterEach, describe, expect, it } from 'vitest';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeDiscord, startFakeDiscord } from './helpers/fake-discord.js';
import { type FakeJira, startFakeJira } from './helpers/fake-jira.js';
import { type FakeSlack, startFakeSlack } from './helpers/fake-slack.js';

const POLL = { timeout: 10_000, interval: 50 };

describe.each(BACKENDS)('testing an integration before relying on it: %s', (kind) => {
  const h = harness(kind, { SECRETS_KEY: 'integration-test-send-key-0123456789abcdef', INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true' });
  const closing: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const fake of closing.splice(0)) await fake.close();
  });
  const base = () => `/api/projects/${h.projectId}/integrations`;
  const add = async (body: Record<string, unknown>) => {
    const created = await h.api.call<{ id: string; status: string }>('POST', base(), { token: h.owner.accessToken, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.data;
  };
  const test = (id: string, token = h.owner.accessToken) => h.api.call<{ ok: boolean; error: string | null }>('POST', `${base()}/${id}/test`, { token });

  it('posts one short message to a working Discord or Slack webhook, and says what a failing one answered', async () => {
    const discord: FakeDiscord = await startFakeDiscord();
    const slack: FakeSlack = await startFakeSlack();
    closing.push(discord, slack);
    const toDiscord = await add({ kind: 'discord', name: 'Team chat', secret: discord.webhookUrl() });
    const toSlack = await add({ kind: 'slack', name: 'Slack', secret: slack.webhookUrl() });

    expect((await test(toDiscord.id)).body.data).toEqual({ ok: true, error: null });
    expect(discord.textOf(discord.messages[0]!.body)).toContain('Studio is connected');
    expect((await test(toSlack.id)).body.data).toEqual({ ok: true, error: null });
    expect(slack.messages).toHaveLength(1);
    // A test is not an event: nothing was planned for delivery.
    expect((await h.app.db.query('SELECT 1 FROM deliveries WHERE destination = ANY($1::text[])', [[toDiscord.id, toSlack.id]])).rows).toEqual([]);

    discord.alwaysFail(404);
    const failed = await test(toDiscord.id);
    expect(failed.status).toBe(200);
    expect(failed.body.data.ok).toBe(false);
    expect(failed.body.data.error).toContain('HTTP 404');
    expect(failed.body.data.error).not.toContain(discord.webhookUrl().split('/').at(-1));
    // Only a real delivery breaks an integration; a test tells, and changes nothing.
    expect((await h.api.call<{ status: string }>('GET', `${base()}/${toDiscord.id}`, { token: h.owner.accessToken })).body.data.status).toBe('active');
  });

  it('asks JIRA a search with the stored token (nothing is created), and reports a refused token', async () => {
    const jira: FakeJira = await startFakeJira();
    closing.push(jira);
    const integration = await add({ kind: 'jira', name: 'JIRA', secret: jira.token, settings: { site: jira.origin, projectKey: jira.projectKey, issueType: 'Task', email: jira.email } });
    expect((await test(integration.id)).body.data).toEqual({ ok: true, error: null });
    expect(jira.calls.map((call) => call.route)).toEqual(['search']);
    expect(jira.issues).toEqual([]);
    jira.revokeToken(true);
    const refused = (await test(integration.id)).body.data;
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('401');
    expect(refused.error).not.toContain(jira.token);
  });

  it('is for owners and admins of the project, and not for a disabled integration', async () => {
    const discord = await startFakeDiscord();
    closing.push(discord);
    const integration = await add({ kind: 'discord', name: 'Roles', secret: discord.webhookUrl() });
    for (const role of ['editor', 'commenter', 'viewer']) expect((await test(integration.id, (await h.member(role)).accessToken)).status, role).toBe(403);
    expect((await test('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const stranger = await h.api.signIn();
    expect((await test(integration.id, stranger.accessToken)).status).toBe(404);
    expect((await h.api.call('PATCH', `${base()}/${integration.id}`, { token: h.owner.accessToken, body: { status: 'disabled' } })).status).toBe(200);
    expect((await test(integration.id)).status).toBe(409);
    await expect.poll(() => discord.messages.length, POLL).toBe(0);
  });
});
