import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type Asset, assetRequests, localDiskAssets, putToLocalDisk, sha256 } from './helpers/assets.js';
import { BACKENDS } from './helpers/databases.js';

/**
 * Files through the API on local disk: an image and a video taken to their previews, attached to a
 * campaign and a video, seen by whom they should be, a decompression bomb failed, a file deleted.
 * The later tests use the image and the video the first two upload.
 */
describe.each(BACKENDS)('assets and uploads on local disk: %s', (kind) => {
  const { h, media } = localDiskAssets(kind);
  const { api, askUpload, uploadFile, getAsset, settled, download } = assetRequests(h, putToLocalDisk);

  let imageId: string;
  let videoAssetId: string;

  it('takes an image: verified on complete (type from its bytes, size, sha256), then a thumbnail; downloads through a signed URL', async () => {
    const { png } = media();
    const { completed } = await uploadFile(h.owner, 'Poster draft.png', 'image/png', png);
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(completed.body.data).toMatchObject({ name: 'Poster draft.png', type: 'image/png', size: png.length, checksumSha256: sha256(png) });
    expect(['uploaded', 'processing', 'ready']).toContain(completed.body.data.status);
    imageId = completed.body.data.id;

    const ready = await settled(imageId);
    expect(ready).toMatchObject({ status: 'ready', progress: 100, reason: null, preview: { thumbnail: true, poster: false, width: 1200, height: 800 } });

    const original = await download(h.owner, imageId);
    expect(original.status).toBe(200);
    expect(Date.parse(original.body.data.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const file = await fetch(original.body.data.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(sha256(png));

    const thumbnail = await fetch((await download(h.owner, imageId, 'thumbnail')).body.data.url);
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 400, height: 267 });

    const listed = await api().call<Asset[]>('GET', `/api/projects/${h.projectId}/assets?limit=5`, { token: h.owner.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((a) => a.id)).toContain(imageId);
    expect(listed.body.meta).toMatchObject({ page: 1, limit: 5 });
  });

  it('takes a video: poster frame, duration and dimensions with ffmpeg', async () => {
    const { mp4 } = media();
    const { completed } = await uploadFile(h.owner, 'clip.mp4', 'video/mp4', mp4);
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    const ready = await settled(completed.body.data.id);
    videoAssetId = ready.id;
    expect(ready).toMatchObject({ status: 'ready', reason: null, preview: { poster: true, thumbnail: true, width: 320, height: 240 } });
    expect(ready.preview.durationSeconds).toBeCloseTo(1, 1);
    const poster = await fetch((await download(h.owner, ready.id, 'poster')).body.data.url);
    expect(await sharp(Buffer.from(await poster.arrayBuffer())).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240 });
  });

  it('attaches uploaded files to a campaign and a video, so the stage table counts them', async () => {
    const call = <T>(method: string, url: string, body?: unknown) => api().call<T>(method, url, { token: h.owner.accessToken, ...(body ? { body } : {}) });
    const pipeline = await call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { kind: 'pipeline', title: 'Launch' });
    const pipelineId = pipeline.body.data.name.split(':')[2]!;
    const campaign = (await call<{ id: string }>('POST', '/api/campaigns', { projectId: h.projectId, pipelineId, title: 'Winter' })).body.data;
    const video = (await call<{ id: string }>('POST', '/api/video', { projectId: h.projectId, pipelineId, title: 'Teaser', campaignId: campaign.id, brief: 'Snow', assigneeId: h.owner.userId, dueDate: '2026-12-15T17:00:00Z' })).body.data;
    expect((await call('POST', '/api/video/pipeline/move', { videoId: video.id, toStage: 'production', force: true })).status).toBe(200);
    const before = await call<{ next: { stage: string; missing: { id: string }[] } }>('GET', `/api/video/${video.id}/status`);
    expect(before.body.data.next.stage).toBe('review');
    expect(before.body.data.next.missing.map((m) => m.id).sort()).toEqual(['reference-asset', 'video-asset']);

    const cut = await call<{ kind: string; name: string; uploadedAssetId: string | null }>('POST', `/api/video/${video.id}/assets`, { uploadedAssetId: videoAssetId });
    expect(cut.status, JSON.stringify(cut.body)).toBe(201);
    expect(cut.body.data).toMatchObject({ kind: 'video', name: 'clip.mp4', uploadedAssetId: videoAssetId });
    const deck = await call('POST', `/api/campaigns/${campaign.id}/assets`, { uploadedAssetId: imageId, name: 'Key visual' });
    expect(deck.status, JSON.stringify(deck.body)).toBe(201);
    expect((await call<{ next: { missing: unknown[] } }>('GET', `/api/video/${video.id}/status`)).body.data.next.missing).toEqual([]);
    expect((await call('POST', '/api/video/pipeline/move', { videoId: video.id, toStage: 'review' })).status).toBe(200);

    const listed = await call<{ name: string; kind: string; ownerType: string; uploadedAssetId: string | null }[]>('GET', `/api/campaigns/${campaign.id}/assets`);
    expect(listed.body.data.map((a) => [a.ownerType, a.kind, a.name, a.uploadedAssetId])).toEqual([
      ['campaign', 'image', 'Key visual', imageId],
      ['video', 'video', 'clip.mp4', videoAssetId],
    ]);
    // Deleting an attached file asks first (where it is attached), then with force unlinks it everywhere.
    const refused = await call('DELETE', `/api/projects/${h.projectId}/assets/${videoAssetId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'ASSET_IN_USE', details: { links: [{ pipelineId, ownerId: video.id }] } });
    expect((await getAsset(h.owner, videoAssetId)).status).toBe(200);
    const forced = await call('DELETE', `/api/projects/${h.projectId}/assets/${videoAssetId}?force=true`);
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(forced.body.data).toEqual({ id: videoAssetId, deleted: true, unlinked: 1 });
    const after = await call<{ name: string }[]>('GET', `/api/campaigns/${campaign.id}/assets`);
    expect(after.body.data.map((a) => a.name)).toEqual(['Key visual']);

    // Another project's file, or one that is not a file at all: a 422 naming the field.
    const unknown = await call('POST', `/api/video/${video.id}/assets`, { uploadedAssetId: randomUUID() });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error!.details).toEqual([{ path: 'uploadedAssetId', message: 'no such uploaded file in this project' }]);
  });

  it('lets a viewer list, read and download, but not upload or delete', async () => {
    const viewer = await h.member('viewer');
    expect((await api().call<Asset[]>('GET', `/api/projects/${h.projectId}/assets`, { token: viewer.accessToken })).status).toBe(200);
    expect((await getAsset(viewer, imageId)).status).toBe(200);
    const link = await download(viewer, imageId);
    expect(link.status).toBe(200);
    expect((await fetch(link.body.data.url)).status).toBe(200);
    const asked = await askUpload(viewer, { name: 'mine.png', type: 'image/png', size: 100 });
    expect(asked.status).toBe(403);
    expect(asked.body.error!.code).toBe('FORBIDDEN');
    expect((await api().call('DELETE', `/api/projects/${h.projectId}/assets/${imageId}`, { token: viewer.accessToken })).status).toBe(403);
  });

  it('shows nothing to another project’s member, and nobody completes someone else’s upload', async () => {
    const outsider = await api().signIn();
    const theirs = (await api().call<{ id: string }>('POST', '/api/projects', { token: outsider.accessToken, body: { name: 'Elsewhere' } })).body.data.id;
    expect((await getAsset(outsider, imageId)).status).toBe(404);
    expect((await api().call('GET', `/api/projects/${h.projectId}/assets`, { token: outsider.accessToken })).status).toBe(404);
    expect((await api().call('GET', `/api/projects/${h.projectId}/assets/${imageId}/download`, { token: outsider.accessToken })).status).toBe(404);
    // Our asset through their own project: unknown there.
    expect((await getAsset(outsider, imageId, theirs)).status).toBe(404);

    const asked = await askUpload(h.owner, { name: 'pending.png', type: 'image/png', size: media().png.length });
    const uploadId = asked.body.data.uploadId;
    const throughTheirs = await api().call('POST', `/api/projects/${theirs}/uploads/${uploadId}/complete`, { token: outsider.accessToken });
    expect(throughTheirs.status).toBe(404);
    const editor = await h.member('editor');
    const notTheirs = await api().call('POST', `/api/projects/${h.projectId}/uploads/${uploadId}/complete`, { token: editor.accessToken });
    expect(notTheirs.status).toBe(404);
    // And the upload's owner, before sending anything: nothing arrived.
    const early = await api().call('POST', `/api/projects/${h.projectId}/uploads/${uploadId}/complete`, { token: h.owner.accessToken });
    expect(early.status).toBe(409);
    expect(early.body.error!.code).toBe('UPLOAD_NOT_RECEIVED');
  });

  it('fails a decompression bomb with a reason, and the worker goes on with the next file', async () => {
    const { completed } = await uploadFile(h.owner, 'bomb.png', 'image/png', media().bomb);
    expect(completed.status).toBe(200);
    const failed = await settled(completed.body.data.id);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/larger than 4000000 pixels.*decompression bomb/);
    const next = await uploadFile(h.owner, 'after.png', 'image/png', media().png);
    expect((await settled(next.completed.body.data.id)).status).toBe('ready');
  });

  it('deletes an asset: gone from the list, its URL no longer signed', async () => {
    const { completed } = await uploadFile(h.owner, 'delete-me.png', 'image/png', media().png);
    const id = completed.body.data.id;
    await settled(id);
    const deleted = await api().call('DELETE', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken });
    expect(deleted.status).toBe(200);
    expect((await getAsset(h.owner, id)).status).toBe(404);
    expect((await download(h.owner, id)).status).toBe(404);
  });
});
