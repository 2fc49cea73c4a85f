import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planDeliveries } from '../storage/deliveries.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeDiscord, startFakeDiscord } from './helpers/fake-discord.js';

interface Delivery {
  id: string;
  eventType: string;
  channel: string;
  destination: string;
  destinationType: string;
  destinationName: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  externalRef: string | null;
  deliveredAt: string | null;
}
interface Page {
  items: Delivery[];
  next: string | null;
}

const POLL = { timeout: 30_000, interval: 200 };

/**
 * The deliveries admin API over the real path: events from REST edits, the fan-out and send
 * jobs, the Discord channel, and a local Discord (HTTP on 127.0.0.1, hence private URLs allowed).
 */
describe.each(BACKENDS)('deliveries admin API: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let discord: FakeDiscord;
  let owner: SignedIn;
  let projectId: string;
  let boardId: string;

  beforeAll(async () => {
    app = await startTestApp(kind, { AUTH_DEV_LOGIN: 'true', INTEGRATIONS_ALLOW_PRIVATE_URLS: 'true', CHAT_DELIVERY_MAX_ATTEMPTS: '2', WORKER_POLL_INTERVAL_MS: '500' });
    api = client(app.url);
    discord = await startFakeDiscord();
    owner = await api.signIn(undefined, 'Owner Olga');
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Deliveries' } })).body.data.id;
    const board = await api.call<{ id: string }>('POST', `/api/projects/${projectId}/documents`, { token: owner.accessToken, body: { kind: 'kanban', title: 'Launch' } });
    boardId = board.body.data.id;
  });
  afterAll(async () => {
    await app?.stop();
    await discord?.close();
  });

  const deliveries = (query = '', token = owner.accessToken) => api.call<Page>('GET', `/api/projects/${projectId}/deliveries${query}`, { token });
  const card = async (title: string) => expect((await api.call('POST', '/api/tasks', { token: owner.accessToken, body: { projectId, boardId, title } })).status).toBe(201);
  const integration = async (name: string, secret: string) => {
    const created = await api.call<{ id: string }>('POST', `/api/projects/${projectId}/integrations`, { token: owner.accessToken, body: { kind: 'discord', name, secret, eventTypes: ['task.created'] } });
    expect(created.status).toBe(201);
    return created.body.data.id;
  };
  async function member(role: string): Promise<SignedIn> {
    const person = await api.signIn();
    expect((await api.call('POST', `/api/projects/${projectId}/members`, { token: owner.accessToken, body: { email: person.email, role } })).status).toBe(201);
    return person;
  }

  it('shows a dead delivery with its attempts and last error; an admin retries it and it arrives; a non-dead one is 409', async () => {
    const hook = await integration('Team chat', discord.webhookUrl());
    const admin = await member('admin');
    discord.alwaysFail(503);
    await card('Teaser');
    const dead = async () => (await deliveries(`?status=dead&integrationId=${hook}`, admin.accessToken)).body.data.items;
    await expect.poll(async () => (await dead()).length, POLL).toBe(1);
    const [failed] = await dead();
    expect(failed).toMatchObject({ eventType: 'task.created', channel: 'discord', destination: hook, destinationType: 'integration', destinationName: 'Team chat', status: 'dead', attempts: 2, externalRef: null });
    expect(failed!.lastError).toContain('HTTP 503');
    expect(discord.messages).toHaveLength(0);

    discord.alwaysFail(null);
    const retried = await api.call<Delivery>('POST', `/api/projects/${projectId}/deliveries/${failed!.id}/retry`, { token: admin.accessToken });
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ id: failed!.id, status: 'pending', attempts: 0, lastError: null });
    // Not dead any more: a second retry is refused while it is on its way, and once it arrived.
    expect((await api.call('POST', `/api/projects/${projectId}/deliveries/${failed!.id}/retry`, { token: admin.accessToken })).status).toBe(409);
    await expect.poll(async () => (await deliveries(`?integrationId=${hook}`)).body.data.items[0]?.status, POLL).toBe('delivered');
    const delivered = (await deliveries(`?integrationId=${hook}`)).body.data.items[0]!;
    expect(delivered.attempts).toBe(1);
    expect(delivered.externalRef).toBe(discord.messages[0]!.id);
    expect(discord.textOf(discord.messages[0]!.body)).toContain('Teaser');
    const again = await api.call<unknown>('POST', `/api/projects/${projectId}/deliveries/${failed!.id}/retry`, { token: owner.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('CONFLICT');
    expect((await api.call('POST', `/api/projects/${projectId}/deliveries/${randomUUID()}/retry`, { token: owner.accessToken })).status).toBe(404);
    expect((await api.call('POST', `/api/projects/${projectId}/deliveries/nope/retry`, { token: owner.accessToken })).status).toBe(404);

    const audit = await api.call<{ action: string; target: string }[]>('GET', `/api/projects/${projectId}/audit`, { token: owner.accessToken });
    expect(audit.body.data.filter((record) => record.action === 'delivery.retried').map((record) => record.target)).toEqual([failed!.id]);
  });

  it('a broken integration: its deliveries die at once, retry waits for re-activation, then retry-dead sends them all', async () => {
    // A webhook Discord does not know (deleted): 404 breaks the integration.
    const hook = await integration('Deleted webhook', `${discord.origin}/api/webhooks/424242/gone-token`);
    await card('Script');
    await card('Shoot');
    const ofHook = async (status: string) => (await deliveries(`?status=${status}&integrationId=${hook}`)).body.data.items;
    await expect.poll(async () => (await ofHook('dead')).length, POLL).toBe(2);
    const broken = await api.call<{ status: string; brokenReason: string }>('GET', `/api/projects/${projectId}/integrations/${hook}`, { token: owner.accessToken });
    expect(broken.body.data.status).toBe('broken');
    expect(broken.body.data.brokenReason).toContain('404');
    const [one] = await ofHook('dead');
    expect(one!.lastError).toContain('404');

    const retry = await api.call('POST', `/api/projects/${projectId}/deliveries/${one!.id}/retry`, { token: owner.accessToken });
    expect(retry.status).toBe(409);
    expect((await api.call('POST', `/api/projects/${projectId}/deliveries/retry-dead`, { token: owner.accessToken, body: { integrationId: hook } })).status).toBe(409);

    // Mended: a new webhook URL and re-activated in one PATCH.
    const sentBefore = discord.messages.length;
    const mended = await api.call<{ status: string }>('PATCH', `/api/projects/${projectId}/integrations/${hook}`, { token: owner.accessToken, body: { secret: discord.webhookUrl(), status: 'active' } });
    expect(mended.body.data.status).toBe('active');
    const all = await api.call<{ revived: number; remaining: number }>('POST', `/api/projects/${projectId}/deliveries/retry-dead`, { token: owner.accessToken, body: { integrationId: hook } });
    expect(all.body.data).toEqual({ revived: 2, remaining: 0 });
    await expect.poll(async () => (await ofHook('delivered')).length, POLL).toBe(2);
    // Both went as one message (one send per destination gathers what is due).
    expect(discord.messages.length - sentBefore).toBe(1);
    expect((await api.call('POST', `/api/projects/${projectId}/deliveries/retry-dead`, { token: owner.accessToken, body: { integrationId: randomUUID() } })).status).toBe(404);
  });

  it('filters and pages newest first', async () => {
    const hook = await integration('Pager', discord.webhookUrl());
    for (const title of ['One', 'Two', 'Three']) await card(title);
    const ofHook = `integrationId=${hook}`;
    await expect.poll(async () => (await deliveries(`?status=delivered&${ofHook}`)).body.data.items.length, POLL).toBe(3);
    const page1 = await deliveries(`?channel=discord&${ofHook}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.data.items).toHaveLength(2);
    const page2 = await deliveries(`?channel=discord&${ofHook}&limit=2&cursor=${page1.body.data.next}`);
    expect(page2.body.error).toBeUndefined();
    expect(page2.body.data).toMatchObject({ next: null });
    const ids = [...page1.body.data.items, ...page2.body.data.items].map((d) => d.id);
    expect(ids).toEqual((await deliveries(`?${ofHook}`)).body.data.items.map((d) => d.id));
    expect(new Set(ids).size).toBe(3);
    expect((await deliveries(`?channel=slack&${ofHook}`)).body.data.items).toEqual([]);
    expect((await deliveries(`?status=dead&${ofHook}`)).body.data.items).toEqual([]);
    expect((await deliveries('?status=exploded')).status).toBe(422);
    expect((await deliveries('?integrationId=not-a-uuid')).status).toBe(422);
    expect((await deliveries('?cursor=not-a-cursor')).status).toBe(422);
    expect((await deliveries(`?cursor=${Buffer.from(JSON.stringify({ c: 'yesterday', i: randomUUID() })).toString('base64url')}`)).status).toBe(422);
    expect((await deliveries('?limit=1000')).status).toBe(422);
  });

  it('names a person destination (a per-person channel such as email, `user:<id>`)', async () => {
    const { rows } = await app.db.query<{ id: string }>('SELECT id FROM document_events WHERE project_id = $1 LIMIT 1', [projectId]);
    await planDeliveries(app.db, [{ eventId: rows[0]!.id, projectId, channel: 'email', destination: `user:${owner.userId}`, notBefore: new Date(Date.now() + 3_600_000) }]);
    const [mail] = (await deliveries('?channel=email')).body.data.items;
    expect(mail).toMatchObject({ channel: 'email', destination: `user:${owner.userId}`, destinationType: 'person', destinationName: 'Owner Olga', status: 'pending' });
    expect((await api.call('POST', `/api/projects/${projectId}/deliveries/${mail!.id}/retry`, { token: owner.accessToken })).status).toBe(409);
  });

  it('only owners and admins see deliveries or retry them; others of the project 403, strangers 404', async () => {
    // The role is refused before anything is looked up: any id will do.
    const anyDelivery = { id: randomUUID(), destination: randomUUID() };
    for (const role of ['editor', 'commenter', 'viewer']) {
      const person = await member(role);
      expect((await deliveries('', person.accessToken)).status, role).toBe(403);
      expect((await api.call('POST', `/api/projects/${projectId}/deliveries/${anyDelivery.id}/retry`, { token: person.accessToken })).status, role).toBe(403);
      expect((await api.call('POST', `/api/projects/${projectId}/deliveries/retry-dead`, { token: person.accessToken, body: { integrationId: anyDelivery.destination } })).status, role).toBe(403);
    }
    const stranger = await api.signIn();
    expect((await deliveries('', stranger.accessToken)).status).toBe(404);
    expect((await api.call('POST', `/api/projects/${projectId}/deliveries/${anyDelivery.id}/retry`, { token: stranger.accessToken })).status).toBe(404);
    // No webhook URL in anything the list says.
    expect(JSON.stringify((await deliveries('?limit=100')).body)).not.toContain('/api/webhooks/');
  });
});
