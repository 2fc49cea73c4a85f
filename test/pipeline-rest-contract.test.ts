import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readPipeline } from '../documents/pipeline/pipeline.js';
import type { Reply } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { expectError, type Item, type Pipeline, pipelineRest, type Status } from './helpers/pipeline-rest.js';

describe.each(BACKENDS)('campaigns and the video pipeline over REST: %s', (kind) => {
  const h = harness(kind);
  const { call, newPipeline, newVideo, newCampaign } = pipelineRest(h);

  it('each role, a non-member and API keys get what their role allows on every route; other projects’ ids are not found', async () => {
    const { pipelineId } = await newPipeline();
    const video = await newVideo(pipelineId, { brief: 'seed' });
    const campaign = await newCampaign(pipelineId, { brief: 'seed' });
    const outsider = await h.api.signIn();
    const roles = ['admin', 'editor', 'commenter', 'viewer'] as const;
    const people = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, (await h.member(role)).accessToken] as const)));
    const key = async (role: string) => (await call<{ secret: string }>('POST', `/api/projects/${h.projectId}/api-keys`, { body: { name: `ci-${role}`, role } })).body.data.secret;
    const tokens: Record<string, string> = { owner: h.owner.accessToken, ...people, outsider: outsider.accessToken, editorKey: await key('editor'), viewerKey: await key('viewer') };
    const writers = new Set(['owner', 'admin', 'editor', 'editorKey']);
    const readers = new Set([...writers, 'commenter', 'viewer', 'viewerKey']);
    for (const [who, token] of Object.entries(tokens)) {
      const as = (method: string, path: string, body?: unknown) => h.api.call<{ id: string }>(method, path, { token, ...(body === undefined ? {} : { body }) });
      const read = readers.has(who) ? 200 : 404;
      const write = (success: number) => (writers.has(who) ? success : readers.has(who) ? 403 : 404);
      const expectStatus = async (reply: Promise<Reply<{ id: string }>>, status: number, what: string) => {
        const got = await reply;
        expect(got.status, `${who} ${what}: ${JSON.stringify(got.body)}`).toBe(status);
        return got;
      };
      await expectStatus(as('GET', `/api/campaigns?projectId=${h.projectId}`), read, 'lists campaigns');
      await expectStatus(as('GET', `/api/campaigns/${campaign.id}`), read, 'reads a campaign');
      await expectStatus(as('GET', `/api/campaigns/${campaign.id}/assets`), read, "lists a campaign's assets");
      await expectStatus(as('GET', `/api/video/pipeline?projectId=${h.projectId}&pipelineId=${pipelineId}`), read, 'reads the pipeline');
      await expectStatus(as('GET', `/api/video/${video.id}`), read, 'reads a video');
      await expectStatus(as('GET', `/api/video/${video.id}/status`), read, "reads a video's status");
      await expectStatus(as('GET', `/api/video/${video.id}/feedback`), read, "lists a video's feedback");
      const madeCampaign = await expectStatus(as('POST', '/api/campaigns', { projectId: h.projectId, pipelineId, title: `By ${who}` }), write(201), 'creates a campaign');
      await expectStatus(as('PUT', `/api/campaigns/${campaign.id}`, { assigneeId: who }), write(200), 'updates a campaign');
      await expectStatus(as('PUT', `/api/campaigns/${campaign.id}/stage`, { stage: 'script' }), write(200), 'moves a campaign');
      await expectStatus(as('POST', `/api/campaigns/${campaign.id}/assets`, { kind: 'url', name: who, url: 'https://example.com/deck' }), write(201), 'adds a campaign asset');
      const madeVideo = await expectStatus(as('POST', '/api/video', { projectId: h.projectId, pipelineId, title: `By ${who}`, campaignId: campaign.id }), write(201), 'creates a video');
      await expectStatus(as('PUT', `/api/video/${video.id}`, { assigneeId: who }), write(200), 'updates a video');
      await expectStatus(as('POST', '/api/video/pipeline/move', { videoId: video.id, toStage: 'script' }), write(200), 'moves a video');
      await expectStatus(as('POST', `/api/video/${video.id}/assets`, { kind: 'url', name: who, url: 'https://example.com/ref' }), write(201), 'adds a video asset');
      await expectStatus(as('POST', `/api/video/${video.id}/feedback`, { body: `from ${who}` }), write(201), 'gives feedback');
      if (madeCampaign.status === 201) await expectStatus(as('GET', `/api/campaigns/${madeCampaign.body.data.id}`), 200, 'reads its own campaign');
      if (madeVideo.status === 201) await expectStatus(as('GET', `/api/video/${madeVideo.body.data.id}/status`), 200, 'reads its own video');
    }
    // Authors are who wrote, whatever the route: an API key writes as itself.
    const feedback = (await call<{ authorId: string; body: string }[]>('GET', `/api/video/${video.id}/feedback`)).body.data;
    expect(feedback.map((f) => f.body).sort()).toEqual(['from admin', 'from editor', 'from editorKey', 'from owner']);
    expect(feedback.find((f) => f.body === 'from editorKey')!.authorId).toMatch(/^api-key:/);

    // Items of another project answer like ones that do not exist, to members and keys of this one.
    const theirProject = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Elsewhere' } })).body.data.id;
    const theirPipeline = await newPipeline(theirProject, outsider.accessToken);
    const theirs = async (path: string) => (await h.api.call<Item>('POST', path, { token: outsider.accessToken, body: { projectId: theirProject, pipelineId: theirPipeline.pipelineId, title: 'Private plan' } })).body.data;
    const [theirVideo, theirCampaign] = [await theirs('/api/video'), await theirs('/api/campaigns')];
    for (const token of [h.owner.accessToken, tokens.editorKey!]) {
      const as = (method: string, path: string, body?: unknown) => h.api.call(method, path, { token, ...(body === undefined ? {} : { body }) });
      expectError(await as('GET', `/api/video/${theirVideo.id}`), 404, 'NOT_FOUND');
      expectError(await as('GET', `/api/video/${theirVideo.id}/status`), 404, 'NOT_FOUND');
      expectError(await as('PUT', `/api/video/${theirVideo.id}`, { title: 'x' }), 404, 'NOT_FOUND');
      expectError(await as('POST', '/api/video/pipeline/move', { videoId: theirVideo.id, toStage: 'idea' }), 404, 'NOT_FOUND');
      expectError(await as('POST', `/api/video/${theirVideo.id}/feedback`, { body: 'x' }), 404, 'NOT_FOUND');
      expectError(await as('GET', `/api/video/pipeline?projectId=${theirProject}&pipelineId=${theirPipeline.pipelineId}`), 404, 'NOT_FOUND');
      expectError(await as('GET', `/api/campaigns/${theirCampaign.id}`), 404, 'NOT_FOUND');
      expectError(await as('PUT', `/api/campaigns/${theirCampaign.id}/stage`, { stage: 'idea' }), 404, 'NOT_FOUND');
      expectError(await as('GET', `/api/campaigns/${theirCampaign.id}/assets`), 404, 'NOT_FOUND');
      expectError(await as('GET', `/api/campaigns?projectId=${theirProject}`), 404, 'NOT_FOUND');
      // Naming their campaign from our pipeline, or their pipeline's video as a neighbour, finds nothing either.
      expectError(await as('PUT', `/api/video/${video.id}`, { campaignId: theirCampaign.id }), 404, 'NOT_FOUND');
      expectError(await as('POST', '/api/video/pipeline/move', { videoId: video.id, toStage: 'script', beforeId: theirVideo.id }), 404, 'NOT_FOUND');
      expect((await as('GET', '/api/campaigns?text=Private')).body.data).toEqual({ items: [], next: null });
    }
  });

  it('refuses bad input naming the field and limit, unknown and mismatched ids as not found, and writes nothing', async () => {
    const { name, pipelineId } = await newPipeline();
    const video = await newVideo(pipelineId);
    const campaign = await newCampaign(pipelineId);
    const field = (reply: Reply) => JSON.stringify(reply.body.error?.details);

    const long = await call('POST', '/api/video', { body: { projectId: h.projectId, pipelineId, title: 'x'.repeat(301) } });
    expectError(long, 422, 'VALIDATION_FAILED');
    expect(field(long)).toContain('title');
    expect(field(long)).toContain('300');
    const due = await call('PUT', `/api/video/${video.id}`, { body: { dueDate: 'tomorrow' } });
    expectError(due, 422, 'VALIDATION_FAILED');
    expect(field(due)).toContain('dueDate');
    expectError(await call('PUT', `/api/video/${video.id}`, { body: {} }), 422, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/api/video/${video.id}`, { body: { brief: 'x'.repeat(20_001) } }), 422, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/api/video/${video.id}`, { body: { title: 'bad\u0000' } }), 422, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/api/video/${video.id}`, { body: { stage: 'review' } }), 422, 'VALIDATION_FAILED');
    const stage = await call('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'published' } });
    expectError(stage, 422, 'VALIDATION_FAILED');
    expect(field(stage)).toContain('toStage');
    expectError(await call('PUT', `/api/campaigns/${campaign.id}/stage`, { body: { stage: 'done' } }), 422, 'VALIDATION_FAILED');
    const url = await call('POST', `/api/video/${video.id}/assets`, { body: { kind: 'url', name: 'x', url: 'javascript:alert(1)' } });
    expectError(url, 422, 'VALIDATION_FAILED');
    expect(field(url)).toContain('url');
    expectError(await call('POST', `/api/video/${video.id}/assets`, { body: { kind: 'hologram', name: 'x', url: 'https://x.test' } }), 422, 'VALIDATION_FAILED');
    expectError(await call('POST', `/api/video/${video.id}/feedback`, { body: { body: 'x'.repeat(10_001) } }), 422, 'VALIDATION_FAILED');
    const script = await call('PUT', `/api/video/${video.id}`, { body: { scriptDocument: `annotations:${randomUUID()}:nope` } });
    expectError(script, 422, 'VALIDATION_FAILED');
    expect(field(script)).toContain('scriptDocument');
    expectError(await call('PUT', `/api/video/${video.id}`, { body: { scriptDocument: `annotations:${h.projectId}:missing` } }), 422, 'VALIDATION_FAILED');
    expectError(await call('PUT', `/api/video/${video.id}`, { body: { scriptDocument: 'ftp://old.example.com/script' } }), 422, 'VALIDATION_FAILED');
    expectError(await call('GET', `/api/campaigns?pipelineId=${pipelineId}`), 422, 'VALIDATION_FAILED');
    expectError(await call('GET', `/api/video/pipeline?projectId=${h.projectId}`), 422, 'VALIDATION_FAILED');
    expectError(await call('GET', '/api/campaigns?cursor=garbage'), 422, 'VALIDATION_FAILED');

    // Unknown pipelines and items, and one kind's id used as the other's, are not found.
    expectError(await call('POST', '/api/video', { body: { projectId: h.projectId, pipelineId: 'nope', title: 'x' } }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/video/pipeline?projectId=${h.projectId}&pipelineId=nope`), 404, 'NOT_FOUND');
    const board = (await call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { body: { kind: 'kanban', title: 'Not a pipeline' } })).body.data.name.split(':')[2];
    expectError(await call('GET', `/api/video/pipeline?projectId=${h.projectId}&pipelineId=${board}`), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/video/${h.projectId}.${pipelineId}.nope`), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/video/not-an-id'), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/video/${campaign.id}`), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/video/${campaign.id}/status`), 404, 'NOT_FOUND');
    expectError(await call('PUT', `/api/video/${campaign.id}`, { body: { title: 'x' } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/video/pipeline/move', { body: { videoId: campaign.id, toStage: 'idea', force: true } }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/video/${campaign.id}/feedback`, { body: { body: 'x' } }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/video/${campaign.id}/assets`, { body: { kind: 'url', name: 'x', url: 'https://x.test' } }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/campaigns/${video.id}`), 404, 'NOT_FOUND');
    expectError(await call('PUT', `/api/campaigns/${video.id}/stage`, { body: { stage: 'idea' } }), 404, 'NOT_FOUND');
    expectError(await call('GET', `/api/campaigns/${video.id}/assets`), 404, 'NOT_FOUND');
    expectError(await call('POST', `/api/campaigns/${video.id}/assets`, { body: { kind: 'url', name: 'x', url: 'https://x.test' } }), 404, 'NOT_FOUND');
    expectError(await call('PUT', `/api/video/${video.id}`, { body: { campaignId: video.itemId } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/video', { body: { projectId: h.projectId, pipelineId, title: 'x', campaignId: 'ghost' } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/campaigns', { body: { projectId: h.projectId, pipelineId, title: 'x', campaignId: campaign.id } }), 422, 'VALIDATION_FAILED');

    const watcher = h.open(name, h.owner.accessToken);
    await watcher.synced;
    const view = readPipeline(watcher.doc);
    expect(view.stages.flatMap((s) => s.items.map((i) => `${s.stage}/${i.type}/${i.title}/${i.brief}/${i.scriptDocument}/${i.campaignId}`))).toEqual(['idea/video/Teaser//null/null', 'idea/campaign/Winter//null/null']);
    expect(watcher.doc.getMap('assets').size + watcher.doc.getMap('feedback').size).toBe(0);
  });

  it('If-Match with a stale ETag answers 412 with the current item and changes nothing', async () => {
    const { pipelineId } = await newPipeline();
    const video = await newVideo(pipelineId, { brief: 'b' });
    const renamed = await call<Item>('PUT', `/api/video/${video.id}`, { body: { title: 'Renamed' }, headers: { 'if-match': `"${video.etag}"` } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.etag).not.toBe(video.etag);
    const stale = await call<Item>('PUT', `/api/video/${video.id}`, { body: { title: 'Lost update' }, headers: { 'if-match': `"${video.etag}"` } });
    expectError(stale, 412, 'PRECONDITION_FAILED');
    expect(stale.body.data).toMatchObject({ title: 'Renamed', etag: renamed.body.data.etag, missing: [] });
    expectError(await call('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'script' }, headers: { 'if-match': video.etag } }), 412, 'PRECONDITION_FAILED');
    expect((await call<Item>('GET', `/api/video/${video.id}`)).body.data).toMatchObject({ title: 'Renamed', stage: 'idea', etag: renamed.body.data.etag });

    const campaign = await newCampaign(pipelineId, { brief: 'b' });
    const changed = await call<Item>('PUT', `/api/campaigns/${campaign.id}`, { body: { title: 'Changed' }, headers: { 'if-match': campaign.etag } });
    expect(changed.status).toBe(200);
    expectError(await call('PUT', `/api/campaigns/${campaign.id}`, { body: { title: 'Lost' }, headers: { 'if-match': campaign.etag } }), 412, 'PRECONDITION_FAILED');
    expectError(await call('PUT', `/api/campaigns/${campaign.id}/stage`, { body: { stage: 'script' }, headers: { 'if-match': campaign.etag } }), 412, 'PRECONDITION_FAILED');
    expect((await call<Item>('GET', `/api/campaigns/${campaign.id}`)).body.data).toMatchObject({ title: 'Changed', stage: 'idea' });
  });

  it('a retried POST with the same Idempotency-Key creates one item', async () => {
    const { pipelineId } = await newPipeline();
    for (const [path, title] of [['/api/video', 'Once video'], ['/api/campaigns', 'Once campaign']] as const) {
      const key = randomUUID();
      const body = { projectId: h.projectId, pipelineId, title };
      const first = await call<Item>('POST', path, { body, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      const again = await call<Item>('POST', path, { body, headers: { 'idempotency-key': key } });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(again.body.data.id).toBe(first.body.data.id);
      expectError(await call('POST', path, { body: { ...body, title: 'Different' }, headers: { 'idempotency-key': key } }), 422, 'IDEMPOTENCY_KEY_REUSED');
    }
    const pipeline = (await call<Pipeline>('GET', `/api/video/pipeline?projectId=${h.projectId}&pipelineId=${pipelineId}`)).body.data;
    expect(pipeline.stages[0]!.videos.map((v) => v.title)).toEqual(['Once video']);
    expect((await call<{ items: Item[] }>('GET', `/api/campaigns?projectId=${h.projectId}&pipelineId=${pipelineId}`)).body.data.items.map((c) => c.title)).toEqual(['Once campaign']);
    const video = pipeline.stages[0]!.videos[0]!;
    const [feedbackKey, assetKey] = [randomUUID(), randomUUID()];
    for (let i = 0; i < 2; i++) expect((await call('POST', `/api/video/${video.id}/feedback`, { body: { body: 'once' }, headers: { 'idempotency-key': feedbackKey } })).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await call('POST', `/api/video/${video.id}/assets`, { body: { kind: 'url', name: 'r', url: 'https://example.com/r' }, headers: { 'idempotency-key': assetKey } })).status).toBe(201);
    const status = (await call<Status>('GET', `/api/video/${video.id}/status`)).body.data;
    expect([status.feedback.open, status.assets]).toEqual([1, 1]);
    // A client-chosen id makes a create safe to retry without a key too: the second is refused, nothing doubled.
    expect((await call('POST', '/api/video', { body: { projectId: h.projectId, pipelineId, title: 'Mine', itemId: 'mine' } })).status).toBe(201);
    expectError(await call('POST', '/api/video', { body: { projectId: h.projectId, pipelineId, title: 'Mine', itemId: 'mine' } }), 409, 'ALREADY_EXISTS');
  });

  it('describes every route with a typed response, its ETag and idempotency', async () => {
    const document = (await (await fetch(`${h.app.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: { properties: { data: Record<string, unknown> } } }> }> }>>;
    };
    const ours = Object.entries(document.paths).filter(([path]) => path.startsWith('/api/campaigns') || path.startsWith('/api/video'));
    expect(ours.flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`)).length).toBe(16);
    for (const [path, operations] of ours) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))![1];
        expect(Object.keys(success.content!['application/json']!.schema.properties.data), `${method} ${path}`).not.toEqual([]);
        if (method === 'post') expect(operation.parameters.map((p) => p.name), `${method} ${path}`).toContain('Idempotency-Key');
      }
    }
    const move = document.paths['/api/video/pipeline/move']!.post!;
    expect(move.parameters.map((p) => p.name)).toContain('If-Match');
    expect(move.responses['422']).toBeDefined();
    expect(document.paths['/api/video/{videoId}/status']!.get!.responses['200']!.headers).toHaveProperty('ETag');
  });
});
