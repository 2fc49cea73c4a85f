import { describe, expect, it } from 'vitest';
import { addItem, readPipeline } from '../documents/pipeline/pipeline.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type Asset, expectError, type Item, type Pipeline, pipelineRest, type Status } from './helpers/pipeline-rest.js';

const POLL = { timeout: 10_000, interval: 20 };

const ids = (missing: { id: string }[]) => missing.map((need) => need.id);

describe.each(BACKENDS)('campaigns and the video pipeline over REST: %s', (kind) => {
  const h = harness(kind);
  const { call, newPipeline, newVideo, newCampaign } = pipelineRest(h);

  it('a REST stage move reaches a connected client at once; a video made over the socket is in the pipeline at once', async () => {
    const { name, pipelineId } = await newPipeline();
    const watcher = h.open(name, h.owner.accessToken);
    await watcher.synced;
    const video = await newVideo(pipelineId, { brief: 'Snow, product, smiles' });
    expect(video).toMatchObject({ projectId: h.projectId, pipelineId, type: 'video', stage: 'idea', brief: 'Snow, product, smiles', missing: [] });
    await expect.poll(() => readPipeline(watcher.doc).stages[0]!.items.map((i) => i.title), { timeout: 1_000, interval: 5 }).toEqual(['Teaser']);

    const moved = await call<Item>('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'script' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.headers.get('etag')).toBe(`"${moved.body.data.etag}"`);
    expect(moved.body.data).toMatchObject({ stage: 'script', missing: [] });
    await expect.poll(() => readPipeline(watcher.doc).stages[1]!.items.map((i) => i.id), { timeout: 1_000, interval: 5 }).toEqual([video.itemId]);

    addItem(watcher.doc, { id: 'from-socket', type: 'video', title: 'From the socket' });
    addItem(watcher.doc, { id: 'socket-campaign', type: 'campaign', title: 'Spring' });
    await watcher.saved.whenSaved();
    const pipeline = await call<Pipeline>('GET', `/api/video/pipeline?projectId=${h.projectId}&pipelineId=${pipelineId}`);
    expect(pipeline.status).toBe(200);
    expect(pipeline.body.data.stages.map((s) => s.stage)).toEqual(['idea', 'script', 'body-mirroring', 'production', 'review']);
    expect(pipeline.body.data.stages.map((s) => s.videos.map((v) => v.title))).toEqual([['From the socket'], ['Teaser'], [], [], []]);
    expect(ids(pipeline.body.data.stages[3]!.requirements)).toEqual(['title', 'script', 'assignee', 'reference-asset', 'due-date']);
    const fromSocket = pipeline.body.data.stages[0]!.videos[0]!;
    expect(fromSocket).toMatchObject({ id: `${h.projectId}.${pipelineId}.from-socket`, itemId: 'from-socket', missing: [], assets: [], feedback: { open: 0, resolved: 0 } });
    expect((await call<Item>('GET', `/api/video/${fromSocket.id}`)).body.data.etag).toBe(fromSocket.etag);
    // The campaign made over the socket is listed from the projection, at once.
    const campaigns = await call<{ items: Item[] }>('GET', `/api/campaigns?projectId=${h.projectId}&pipelineId=${pipelineId}`);
    expect(campaigns.body.data.items.map((c) => [c.itemId, c.type, c.stage])).toEqual([['socket-campaign', 'campaign', 'idea']]);
    expect(campaigns.body.data.items[0]).not.toHaveProperty('campaignId');
  });

  it('a move that lacks requirements is refused naming each, moves nothing; set over REST, the same move succeeds', async () => {
    const { name, pipelineId } = await newPipeline();
    const watcher = h.open(name, h.owner.accessToken);
    await watcher.synced;
    const video = await newVideo(pipelineId);
    const refused = await call<null>('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'production' } });
    expectError(refused, 422, 'STAGE_REQUIREMENTS_NOT_MET');
    expect(refused.body.error!.details).toEqual([
      { id: 'script', description: 'a brief or a linked script' },
      { id: 'assignee', description: 'an assignee' },
      { id: 'reference-asset', description: 'a reference video or link to mirror' },
      { id: 'due-date', description: 'a due date' },
    ]);
    expect(refused.body.error!.message).toContain('a due date');
    let status = await call<Status>('GET', `/api/video/${video.id}/status`);
    expect(status.body.data).toMatchObject({ stage: 'idea', missing: [], assets: 0, etag: video.etag });
    expect(status.headers.get('etag')).toBe(`"${video.etag}"`);
    expect(status.body.data.next).toEqual({ stage: 'script', missing: [{ id: 'script', description: 'a brief or a linked script' }] });
    await watcher.saved.whenSaved();
    expect(readPipeline(watcher.doc).stages[0]!.items.map((i) => i.id)).toEqual([video.itemId]);

    // Every field the stage table asks for is settable over REST.
    const script = await call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { body: { kind: 'annotations', title: 'Script' } });
    const updated = await call<Item>('PUT', `/api/video/${video.id}`, {
      body: { assigneeId: h.owner.userId, dueDate: '2026-12-15T17:00:00Z', scriptDocument: script.body.data.name },
      headers: { 'if-match': `"${video.etag}"` },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.data).toMatchObject({ assigneeId: h.owner.userId, dueDate: '2026-12-15T17:00:00Z', scriptDocument: script.body.data.name, stage: 'idea' });
    status = await call<Status>('GET', `/api/video/${video.id}/status`);
    expect(status.body.data.next!.missing).toEqual([]);
    expectError(await call('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'production' } }), 422, 'STAGE_REQUIREMENTS_NOT_MET');
    const asset = await call<Asset>('POST', `/api/video/${video.id}/assets`, { body: { kind: 'url', name: 'Reference', url: 'https://example.com/reference' } });
    expect(asset.status, JSON.stringify(asset.body)).toBe(201);
    expect(asset.body.data).toMatchObject({ kind: 'url', itemId: video.itemId, ownerId: video.id, ownerType: 'video', addedBy: h.owner.userId });

    const moved = await call<Item>('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'production' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.data).toMatchObject({ stage: 'production', missing: [] });
    await expect.poll(() => readPipeline(watcher.doc).stages[3]!.items.map((i) => i.id), POLL).toEqual([video.itemId]);
    status = await call<Status>('GET', `/api/video/${video.id}/status`);
    expect(status.body.data).toMatchObject({ stage: 'production', missing: [], assets: 1, next: { stage: 'review', missing: [{ id: 'video-asset' }] } });

    // Forced, a move goes through and reports what the stage still lacks; moving back needs nothing more.
    const forced = await call<Item>('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'review', force: true } });
    expect(forced.status).toBe(200);
    expect(ids(forced.body.data.missing)).toEqual(['video-asset']);
    expect((await call<Item>('POST', '/api/video/pipeline/move', { body: { videoId: video.id, toStage: 'script' } })).body.data.stage).toBe('script');

    // Campaigns follow the same table.
    const campaign = await newCampaign(pipelineId);
    const stuck = await call('PUT', `/api/campaigns/${campaign.id}/stage`, { body: { stage: 'script' } });
    expectError(stuck, 422, 'STAGE_REQUIREMENTS_NOT_MET');
    expect(stuck.body.error!.details).toEqual([{ id: 'script', description: 'a brief or a linked script' }]);
    expect((await call<Item>('GET', `/api/campaigns/${campaign.id}`)).body.data.stage).toBe('idea');
    const briefed = await call<Item>('PUT', `/api/campaigns/${campaign.id}`, { body: { brief: 'Cold weather, warm people' } });
    expect(briefed.status).toBe(200);
    const staged = await call<Item>('PUT', `/api/campaigns/${campaign.id}/stage`, { body: { stage: 'script' }, headers: { 'if-match': briefed.body.data.etag } });
    expect(staged.status, JSON.stringify(staged.body)).toBe(200);
    expect(staged.body.data).toMatchObject({ stage: 'script', missing: [] });
    const listed = await call<{ items: Item[] }>('GET', `/api/campaigns?projectId=${h.projectId}&pipelineId=${pipelineId}&stage=script`);
    expect(listed.body.data.items.map((c) => c.id)).toEqual([campaign.id]);
    expect((await call<{ items: Item[] }>('GET', `/api/campaigns?projectId=${h.projectId}&pipelineId=${pipelineId}&stage=idea`)).body.data.items).toEqual([]);
    expect((await call<{ items: Item[] }>('GET', `/api/campaigns?projectId=${h.projectId}&text=warm%20PEOPLE`)).body.data.items.map((c) => c.id)).toEqual([campaign.id]);
  });

  it('orders videos within a stage by index, beforeId or afterId; a reorder in the same stage is never refused', async () => {
    const { pipelineId } = await newPipeline();
    const [a, b, c] = [await newVideo(pipelineId, { title: 'A' }), await newVideo(pipelineId, { title: 'B' }), await newVideo(pipelineId, { title: 'C' })];
    await newCampaign(pipelineId, { title: 'Between' });
    const order = async () => (await call<Pipeline>('GET', `/api/video/pipeline?projectId=${h.projectId}&pipelineId=${pipelineId}`)).body.data.stages[0]!.videos.map((v) => v.title);
    expect(await order()).toEqual(['A', 'B', 'C']);
    expect((await call('POST', '/api/video/pipeline/move', { body: { videoId: c.id, toStage: 'idea', index: 0 } })).status).toBe(200);
    expect(await order()).toEqual(['C', 'A', 'B']);
    expect((await call('POST', '/api/video/pipeline/move', { body: { videoId: c.id, toStage: 'idea', afterId: b.id } })).status).toBe(200);
    expect(await order()).toEqual(['A', 'B', 'C']);
    expect((await call('POST', '/api/video/pipeline/move', { body: { videoId: a.id, toStage: 'idea', beforeId: c.itemId } })).status).toBe(200);
    expect(await order()).toEqual(['B', 'A', 'C']);
    // Forced into production, a video can still be reordered there although it lacks what production needs.
    await call('POST', '/api/video/pipeline/move', { body: { videoId: a.id, toStage: 'production', force: true } });
    await call('POST', '/api/video/pipeline/move', { body: { videoId: b.id, toStage: 'production', force: true } });
    expect((await call('POST', '/api/video/pipeline/move', { body: { videoId: b.id, toStage: 'production', index: 0 } })).status).toBe(200);
    expectError(await call('POST', '/api/video/pipeline/move', { body: { videoId: c.id, toStage: 'idea', beforeId: a.id } }), 422, 'INVALID_MOVE');
    expectError(await call('POST', '/api/video/pipeline/move', { body: { videoId: c.id, toStage: 'idea', beforeId: 'ghost' } }), 404, 'NOT_FOUND');
    expectError(await call('POST', '/api/video/pipeline/move', { body: { videoId: c.id, toStage: 'idea', index: 0, beforeId: a.id } }), 422, 'VALIDATION_FAILED');
  });

  it('assets of a campaign: its own, then its videos’; feedback is given in the caller’s name and counted', async () => {
    const { pipelineId } = await newPipeline();
    const campaign = await newCampaign(pipelineId);
    const inIt = await newVideo(pipelineId, { title: 'In it', campaignId: campaign.id });
    expect(inIt.campaignId).toBe(campaign.itemId);
    const later = await newVideo(pipelineId, { title: 'Later' });
    const linked = await call<Item>('PUT', `/api/video/${later.id}`, { body: { campaignId: campaign.itemId } });
    expect(linked.body.data.campaignId).toBe(campaign.itemId);
    const elsewhere = await newVideo(pipelineId, { title: 'Elsewhere' });
    const add = (path: string, name: string) => call<Asset>('POST', `${path}/assets`, { body: { kind: 'url', name, url: `https://example.com/${name}` } });
    expect((await add(`/api/campaigns/${campaign.id}`, 'deck')).status).toBe(201);
    await add(`/api/video/${later.id}`, 'later-ref');
    await add(`/api/video/${inIt.id}`, 'in-it-ref');
    await add(`/api/video/${elsewhere.id}`, 'not-listed');
    const assets = await call<Asset[]>('GET', `/api/campaigns/${campaign.id}/assets`);
    expect(assets.status).toBe(200);
    expect(assets.body.data.map((a) => [a.ownerType, a.ownerId, a.name])).toEqual([
      ['campaign', campaign.id, 'deck'],
      ['video', inIt.id, 'in-it-ref'],
      ['video', later.id, 'later-ref'],
    ]);
    expect((await call<Asset[]>('GET', `/api/campaigns/${campaign.id}/assets?videos=false`)).body.data.map((a) => a.name)).toEqual(['deck']);

    const editor = await h.member('editor');
    const given = await h.api.call<{ authorId: string; stage: string; resolved: boolean; videoId: string }>('POST', `/api/video/${inIt.id}/feedback`, { token: editor.accessToken, body: { body: 'Shorter intro' } });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect(given.body.data).toMatchObject({ authorId: editor.userId, stage: 'idea', resolved: false, videoId: inIt.id });
    const feedback = await call<{ body: string }[]>('GET', `/api/video/${inIt.id}/feedback`);
    expect(feedback.body.data.map((f) => f.body)).toEqual(['Shorter intro']);
    expect((await call<Status>('GET', `/api/video/${inIt.id}/status`)).body.data.feedback).toEqual({ open: 1, resolved: 0 });
    const card = (await call<Pipeline>('GET', `/api/video/pipeline?projectId=${h.projectId}&pipelineId=${pipelineId}`)).body.data.stages[0]!.videos.find((v) => v.id === inIt.id)!;
    expect(card.feedback).toEqual({ open: 1, resolved: 0 });
    expect(card.assets.map((a) => a.name)).toEqual(['in-it-ref']);
  });
});
