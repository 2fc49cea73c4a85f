import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rollUpNow } from './helpers/analytics.js';
import { type Reply, type SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { within } from './helpers/within.js';

interface Overview {
  current: { events: number; edits: number; activePeople: number };
}
interface CampaignRow {
  campaignId: string;
  title: string;
  stage: string;
  videos: { total: number; byStage: Record<string, number> };
  votes: { count: number; mean: number | null };
  activity: { edits: number; people: number };
}

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

describe.each(BACKENDS)('dashboards: cache, campaign performance, live push: %s', (kind) => {
  const h = harness(kind);
  const as = (person: SignedIn) => ({
    call: <T>(method: string, path: string, options: Parameters<typeof h.api.call>[2] = {}) => h.api.call<T>(method, path, { token: person.accessToken, ...options }),
  });
  const newProject = async () => (await as(h.owner).call<{ id: string }>('POST', '/api/projects', { body: { name: `Dash ${randomUUID().slice(0, 6)}` } })).body.data.id;
  const overview = (person: SignedIn, projectId: string) => as(person).call<Overview>('GET', `/api/dashboard/overview?projectId=${projectId}&days=7`);
  const report = (projectId: string, count: number) => as(h.owner).call('POST', '/api/analytics/events', { body: { projectId, events: Array.from({ length: count }, () => ({ name: 'page.viewed' })) } });

  it('serves a dashboard from the cache until rollups change it, and checks access before the cache', async () => {
    const projectId = await newProject();
    expect((await report(projectId, 2)).status).toBe(202);
    await rollUpNow(h.app);
    const first = await overview(h.owner, projectId);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('MISS');
    expect(first.body.data.current.events).toBe(2);

    // New events are not counted until the rollup runs: the cached answer is the right one until then.
    expect((await report(projectId, 3)).status).toBe(202);
    const cached = await overview(h.owner, projectId);
    expect(cached.headers.get('x-cache')).toBe('HIT');
    expect(cached.body).toEqual(first.body);
    // Every series endpoint of the project shares the generation: one rollup drops them all.
    expect((await as(h.owner).call('GET', `/api/metrics/user-behavior?projectId=${projectId}`)).headers.get('x-cache')).toBe('MISS');
    expect((await as(h.owner).call('GET', `/api/metrics/user-behavior?projectId=${projectId}`)).headers.get('x-cache')).toBe('HIT');

    expect(await rollUpNow(h.app)).toContain(projectId);
    const fresh = await overview(h.owner, projectId);
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect(fresh.body.data.current.events).toBe(5);
    expect((await as(h.owner).call('GET', `/api/metrics/user-behavior?projectId=${projectId}`)).headers.get('x-cache')).toBe('MISS');

    // A cached answer is shared by members only: an outsider gets 404 whether or not it is cached,
    // and a member removed a moment ago no longer reads it.
    const outsider = await h.api.signIn();
    expectError(await overview(outsider, projectId), 404, 'NOT_FOUND');
    const viewer = await h.api.signIn();
    expect((await as(h.owner).call('POST', `/api/projects/${projectId}/members`, { body: { email: viewer.email, role: 'viewer' } })).status).toBe(201);
    const shared = await overview(viewer, projectId);
    expect(shared.headers.get('x-cache')).toBe('HIT');
    expect(shared.body).toEqual(fresh.body);
    expect((await as(h.owner).call('DELETE', `/api/projects/${projectId}/members/${viewer.userId}`)).status).toBe(200);
    expectError(await overview(viewer, projectId), 404, 'NOT_FOUND');

    // An import is a write that matters: the project's cached answers go at once.
    const imported = await as(h.owner).call('POST', `/api/analytics/import?projectId=${projectId}`, { rawBody: `occurred_at,name\n${new Date(Date.now() - 3_600_000).toISOString()},newsletter.opened\n`, headers: { 'content-type': 'text/csv' } });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const afterImport = await overview(h.owner, projectId);
    expect(afterImport.headers.get('x-cache')).toBe('MISS');
    expect(afterImport.body.data.current.events).toBe(6);
  });

  it("lists each campaign's videos per stage, ratings and activity, busiest first; refuses bad queries and outsiders", async () => {
    const projectId = await newProject();
    const pipeline = await as(h.owner).call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { body: { kind: 'pipeline', title: 'Echo' } });
    const pipelineId = pipeline.body.data.name.split(':')[2]!;
    const create = async (path: string, body: Record<string, unknown>) => {
      const reply = await as(h.owner).call<{ id: string; itemId: string }>('POST', path, { body: { projectId, pipelineId, ...body } });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body.data;
    };
    const winter = await create('/api/campaigns', { title: 'Winter' });
    const quiet = await create('/api/campaigns', { title: 'Quiet' });
    const videos = [await create('/api/video', { title: 'Teaser', campaignId: winter.itemId }), await create('/api/video', { title: 'Cut', campaignId: winter.itemId })];
    await create('/api/video', { title: 'Loose' });
    const moved = await as(h.owner).call('POST', '/api/video/pipeline/move', { body: { videoId: videos[1]!.id, toStage: 'script', force: true } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const editor = await h.api.signIn();
    expect((await as(h.owner).call('POST', `/api/projects/${projectId}/members`, { body: { email: editor.email, role: 'editor' } })).status).toBe(201);
    expect((await as(editor).call('POST', '/api/rlhf/vote', { body: { itemId: videos[0]!.id, rating: 4 } })).status).toBe(200);
    expect((await as(h.owner).call('POST', '/api/rlhf/vote', { body: { itemId: winter.id, rating: 2 } })).status).toBe(200);

    const reply = await as(editor).call<{ days: number; campaigns: CampaignRow[] }>('GET', `/api/echo/campaigns/performance?projectId=${projectId}&days=7`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const [first, second] = reply.body.data.campaigns;
    expect(reply.body.data.campaigns).toHaveLength(2);
    expect(first).toMatchObject({ campaignId: winter.id, title: 'Winter', stage: 'idea', videos: { total: 2, byStage: { idea: 1, script: 1, 'body-mirroring': 0, production: 0, review: 0 } }, votes: { count: 2, mean: 3 } });
    // The change feed's events about the campaign or its videos: the move of one of them.
    expect(first!.activity).toEqual({ edits: 1, people: 1 });
    expect(second).toMatchObject({ campaignId: quiet.id, videos: { total: 0 }, votes: { count: 0, mean: null }, activity: { edits: 0, people: 0 } });
    expect((await as(editor).call<{ campaigns: CampaignRow[] }>('GET', `/api/echo/campaigns/performance?projectId=${projectId}&days=7&limit=1`)).body.data.campaigns.map((row) => row.title)).toEqual(['Winter']);

    for (const query of ['days=0', 'days=3.5', 'limit=1000', 'days=7&extra=1', 'days=%00']) {
      expectError(await as(editor).call('GET', `/api/echo/campaigns/performance?projectId=${projectId}&${query}`), 422, 'VALIDATION_FAILED');
    }
    expectError(await as(await h.api.signIn()).call('GET', `/api/echo/campaigns/performance?projectId=${projectId}`), 404, 'NOT_FOUND');
    expectError(await as(editor).call('GET', `/api/echo/campaigns/performance?projectId=${randomUUID()}`), 404, 'NOT_FOUND');
  });

  it('tells open dashboards of the project (and no one else) to refetch within a second when its numbers change', async () => {
    const watcher = await h.member('viewer');
    const socket = h.open(await h.createBoard(), watcher.accessToken);
    const outsider = await h.api.signIn();
    const theirs = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Theirs' } })).body.data.id;
    const theirBoard = (await h.api.call<{ name: string }>('POST', `/api/projects/${theirs}/documents`, { token: outsider.accessToken, body: { kind: 'kanban', title: 'Theirs' } })).body.data.name;
    const outsiderSocket = h.open(theirBoard, outsider.accessToken);
    await within(Promise.all([socket.synced, outsiderSocket.synced]), 5_000, 'the sockets syncing');
    const pushes = (of: typeof socket) => of.messages.filter((message) => message.type === 'dashboard');

    expect((await report(h.projectId, 1)).status).toBe(202);
    const started = Date.now();
    await rollUpNow(h.app);
    await expect.poll(() => pushes(socket).length, { timeout: 1_000, interval: 5 }).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(pushes(socket)[0]).toEqual({ type: 'dashboard', projectId: h.projectId });
    expect(pushes(outsiderSocket).filter((message) => message.projectId === h.projectId)).toEqual([]);
  });
});
