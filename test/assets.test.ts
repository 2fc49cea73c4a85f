import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAsset } from '../operations/assets/process-asset.js';
import { sweepAbandonedUploads } from '../operations/assets/sweep-abandoned-uploads.js';
import { insertPendingAsset, markUploaded } from '../storage/assets.js';
import { LocalBlobStore } from '../storage/blobs/local-blob-store.js';
import { BlobTokens } from '../storage/blobs/signed-blob-tokens.js';
import type { SignedIn } from './helpers/client.js';
import { type Harness, harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type ChildServer, spawnServer } from './helpers/child-server.js';
import { type FakeS3, postForm, startFakeS3 } from './helpers/fake-s3.js';
import { silentLogger } from './helpers/logger.js';

const run = promisify(execFile);
const POLL = { timeout: 30_000, interval: 100 };
/** What startTestApp signs with: the local store's URL key derives from it. */
const APP_SECRET = 'test-secret-that-is-long-enough-0123456789';
const MAX_BYTES = 2_000_000;
const QUOTA_BYTES = 3_000_000;
const MAX_PIXELS = 4_000_000;

interface Asset {
  id: string;
  name: string;
  type: string | null;
  size: number | null;
  checksumSha256: string | null;
  status: string;
  progress: number;
  reason: string | null;
  preview: { thumbnail: boolean; poster: boolean; width: number | null; height: number | null; durationSeconds: number | null };
}

type Target = { method: 'PUT'; url: string; headers: Record<string, string> } | { method: 'POST'; url: string; fields: Record<string, string> };
interface Upload {
  uploadId: string;
  upload: Target;
  maxBytes: number;
}

/** Test media made here: a 1200×800 PNG with sharp, a one-second 320×240 MP4 with ffmpeg, a small decompression bomb. */
interface Media {
  png: Buffer;
  mp4: Buffer;
  bomb: Buffer;
  exe: Buffer;
}

async function makeMedia(dir: string): Promise<Media> {
  const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .composite([{ input: { create: { width: 300, height: 200, channels: 3, background: { r: 10, g: 200, b: 10 } } }, top: 100, left: 100 }])
    .png()
    .toBuffer();
  const video = path.join(dir, 'clip.mp4');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=25', '-c:v', 'mpeg4', '-pix_fmt', 'yuv420p', video]);
  // 3000 × 3000 of one colour: a few kilobytes on disk, 9 megapixels once decoded, past the 4 MP limit.
  const bomb = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png({ compressionLevel: 9 }).toBuffer();
  // The start of a Windows executable: "MZ", then a PE header offset.
  const exe = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000', 'hex'), Buffer.alloc(2_000, 0x41)]);
  return { png, mp4: fs.readFileSync(video), bomb, exe };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function suite(h: Harness, media: () => Media, send: (target: Target, bytes: Buffer, type: string) => Promise<Response>) {
  const api = () => h.api;
  async function askUpload(person: SignedIn, body: { name: string; type: string; size: number }, projectId = h.projectId) {
    return api().call<Upload>('POST', `/api/projects/${projectId}/uploads`, { token: person.accessToken, body });
  }
  async function uploadFile(person: SignedIn, name: string, type: string, bytes: Buffer, declaredType = type) {
    const asked = await askUpload(person, { name, type: declaredType, size: bytes.length });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const sent = await send(asked.body.data.upload, bytes, declaredType);
    expect(sent.status, await sent.clone().text()).toBeLessThan(300);
    const completed = await api().call<Asset>('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: person.accessToken });
    return { uploadId: asked.body.data.uploadId, completed };
  }
  const getAsset = (person: SignedIn, id: string, projectId = h.projectId) => api().call<Asset>('GET', `/api/projects/${projectId}/assets/${id}`, { token: person.accessToken });
  async function settled(id: string): Promise<Asset> {
    let asset: Asset | undefined;
    await expect
      .poll(async () => {
        asset = (await getAsset(h.owner, id)).body.data;
        return asset.status;
      }, POLL)
      .toMatch(/^(ready|failed)$/);
    return asset!;
  }
  const download = (person: SignedIn, id: string, variant = 'original') =>
    api().call<{ url: string; expiresAt: string }>('GET', `/api/projects/${h.projectId}/assets/${id}/download?variant=${variant}`, { token: person.accessToken });

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

  it('refuses an .exe named .png with 422 and keeps nothing of it', async () => {
    const { completed, uploadId } = await uploadFile(h.owner, 'holiday.png', 'image/png', media().exe);
    expect(completed.status).toBe(422);
    expect(completed.body.error).toMatchObject({ code: 'ASSET_TYPE_MISMATCH', details: { declaredType: 'image/png', detectedType: 'application/x-msdownload' } });
    const asset = (await getAsset(h.owner, uploadId)).body.data;
    expect(asset).toMatchObject({ status: 'failed', type: 'application/x-msdownload' });
    const link = await download(h.owner, uploadId);
    expect(link.body.error!.code).toBe('ASSET_NOT_READY');
  });

  it('keeps a path-traversal name as display text only: the file lives under a generated key', async () => {
    const name = '../../../etc/passwd.png';
    const { completed } = await uploadFile(h.owner, name, 'image/png', media().png);
    expect(completed.status).toBe(200);
    expect(completed.body.data.name).toBe(name);
    const stored = await h.app.db.query<{ storage_key: string }>('SELECT storage_key FROM assets WHERE id = $1', [completed.body.data.id]);
    expect(stored.rows[0]!.storage_key).toBe(`assets/${h.projectId}/${completed.body.data.id}`);
    const link = await download(h.owner, completed.body.data.id);
    const served = await fetch(link.body.data.url);
    // The name reaches the browser only as a quoted, escaped attachment name.
    expect(served.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  it('refuses files over the limit: when asked for, and when more bytes are sent than announced', async () => {
    const tooBig = await askUpload(h.owner, { name: 'huge.mp4', type: 'video/mp4', size: MAX_BYTES + 1 });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error!.code).toBe('ASSET_TOO_LARGE');
    const asked = await askUpload(h.owner, { name: 'small.png', type: 'image/png', size: 1_000 });
    const sent = await send(asked.body.data.upload, media().png, 'image/png');
    expect(sent.status).toBeGreaterThanOrEqual(400);
    const completed = await api().call('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: h.owner.accessToken });
    expect(completed.status).toBe(409);
    expect(completed.body.error!.code).toBe('UPLOAD_NOT_RECEIVED');
  });

  it('refuses an upload past the project’s quota with 413 ASSET_QUOTA_EXCEEDED (a retried ask is the same upload)', async () => {
    const fresh = (await api().call<{ id: string }>('POST', '/api/projects', { token: h.owner.accessToken, body: { name: 'Quota' } })).body.data.id;
    const key = randomUUID();
    const ask = () => api().call<Upload>('POST', `/api/projects/${fresh}/uploads`, { token: h.owner.accessToken, body: { name: 'a.mp4', type: 'video/mp4', size: MAX_BYTES }, headers: { 'idempotency-key': key } });
    const first = await ask();
    expect(first.status).toBe(201);
    const retried = await ask();
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.data.uploadId).toBe(first.body.data.uploadId);
    const over = await askUpload(h.owner, { name: 'b.mp4', type: 'video/mp4', size: QUOTA_BYTES - MAX_BYTES + 1 }, fresh);
    expect(over.status).toBe(413);
    expect(over.body.error).toMatchObject({ code: 'ASSET_QUOTA_EXCEEDED', details: { quotaBytes: QUOTA_BYTES, usedBytes: MAX_BYTES } });
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
}

/**
 * A temporary DATA_DIR made when the suite starts (not when it is collected, so a filtered-out
 * suite leaves nothing behind) and removed after it; set in `env` before the harness reads it.
 */
function suiteDataDir(prefix: string, env: Record<string, string>): () => string {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    env.DATA_DIR = dir;
  });
  // Hooks after tests run in reverse: this one last, once the server has stopped.
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

const ASSET_ENV = { ASSET_MAX_BYTES: String(MAX_BYTES), ASSET_PROJECT_QUOTA_BYTES: String(QUOTA_BYTES), ASSET_MAX_IMAGE_PIXELS: String(MAX_PIXELS), WORKER_POLL_INTERVAL_MS: '500' };

describe.each(BACKENDS)('assets and uploads on local disk: %s', (kind) => {
  const env: Record<string, string> = { ...ASSET_ENV };
  const dataDirOf = suiteDataDir('studio-sync-assets-', env);
  let dataDir: string;
  let media: Media;
  beforeAll(async () => {
    dataDir = dataDirOf();
    media = await makeMedia(dataDir);
  });
  const h = harness(kind, env);

  const put = (target: Target, bytes: Buffer, type: string) => {
    if (target.method !== 'PUT') throw new Error('local disk hands out PUT URLs');
    return fetch(target.url, { method: 'PUT', headers: { ...target.headers, 'content-type': type }, body: new Uint8Array(bytes) });
  };
  suite(h, () => media, put);

  it('refuses a forged or an expired upload URL, and stores nothing', async () => {
    const asked = await h.api.call<Upload>('POST', `/api/projects/${h.projectId}/uploads`, { token: h.owner.accessToken, body: { name: 'x.png', type: 'image/png', size: media.png.length } });
    const target = asked.body.data.upload as Extract<Target, { method: 'PUT' }>;
    const token = new URL(target.url).searchParams.get('token')!;
    const [head, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const widened = Buffer.from(JSON.stringify({ ...claims, m: 10 * MAX_BYTES })).toString('base64url');
    const forged = await fetch(target.url.replace(token, `${head}.${widened}.${signature}`), { method: 'PUT', headers: target.headers, body: new Uint8Array(media.png) });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('SIGNED_URL_INVALID');
    // Signed with the app's own key but already expired: what a URL used too late looks like.
    const stale = await new BlobTokens(APP_SECRET).signUpload({ key: String(claims.k), contentType: 'image/png', maxBytes: media.png.length }, -5);
    const late = await fetch(target.url.replace(token, stale), { method: 'PUT', headers: target.headers, body: new Uint8Array(media.png) });
    expect(late.status).toBe(403);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('SIGNED_URL_EXPIRED');
    const completed = await h.api.call('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: h.owner.accessToken });
    expect(completed.body.error!.code).toBe('UPLOAD_NOT_RECEIVED');
    // Whatever was tried, files sit only under generated keys (no name of an uploader's anywhere), and no half-upload is left.
    const files = (fs.readdirSync(path.join(dataDir, 'blobs'), { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(path.join(dataDir, 'blobs'), path.join(entry.parentPath, entry.name)));
    for (const file of files) expect(file).toMatch(/^(assets|uploads)\/[0-9a-f-]{36}\/[0-9a-f-]{36}$|^derived\/[0-9a-f-]{36}\/[0-9a-f-]{36}\/(thumbnail|poster)\.webp$/);
  });

  it('cuts off an upload streamed without a length once it passes its limit: 413, nothing stored', async () => {
    const asked = await h.api.call<Upload>('POST', `/api/projects/${h.projectId}/uploads`, { token: h.owner.accessToken, body: { name: 'stream.png', type: 'image/png', size: 10_000 } });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 200; i += 1) controller.enqueue(new Uint8Array(4_096));
        controller.close();
      },
    });
    const sent = await fetch(asked.body.data.upload.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body, duplex: 'half' } as RequestInit & { duplex: 'half' });
    expect(sent.status).toBe(413);
    expect(((await sent.json()) as { error: { code: string } }).error.code).toBe('ASSET_TOO_LARGE');
    const completed = await h.api.call('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: h.owner.accessToken });
    expect(completed.body.error!.code).toBe('UPLOAD_NOT_RECEIVED');
  });

  it('processes an asset once however many runs pick it up (a worker killed mid-run leaves it `processing`)', async () => {
    const local = new LocalBlobStore(path.join(dataDir, 'blobs'), APP_SECRET, () => h.app.url);
    const id = randomUUID();
    const key = `assets/${h.projectId}/${id}`;
    await local.put(key, media.png, { contentType: 'image/png' });
    await insertPendingAsset(h.app.db, { id, projectId: h.projectId, uploaderUserId: h.owner.userId, uploaderApiKeyId: null, name: 'direct.png', declaredType: 'image/png', declaredSize: media.png.length, storageKey: key, uploadExpiresAt: new Date(Date.now() + 60_000) });
    await markUploaded(h.app.db, id, { detectedType: 'image/png', size: media.png.length, checksumSha256: sha256(media.png) });
    // As a killed worker leaves it: claimed, never finished.
    await h.app.db.query(`UPDATE assets SET status = 'processing' WHERE id = $1`, [id]);
    const deps = { db: h.app.db, blobs: local, logger: silentLogger, maxImagePixels: MAX_PIXELS, video: { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' } };
    const runs = await Promise.all([processAsset(deps, id), processAsset(deps, id)]);
    expect(runs.filter((r) => r.outcome === 'ready' && r.finishedHere)).toHaveLength(1);
    expect(await processAsset(deps, id)).toEqual({ outcome: 'nothing-to-do' });
    const asset = (await h.api.call<Asset>('GET', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken })).body.data;
    expect(asset).toMatchObject({ status: 'ready', preview: { thumbnail: true, width: 1200, height: 800 } });
  });

  it('sweeps uploads never completed: failed with a reason, their staging file removed; fresh ones untouched', async () => {
    const local = new LocalBlobStore(path.join(dataDir, 'blobs'), APP_SECRET, () => h.app.url);
    const pending = async (expiresAt: Date) => {
      const id = randomUUID();
      await insertPendingAsset(h.app.db, { id, projectId: h.projectId, uploaderUserId: h.owner.userId, uploaderApiKeyId: null, name: 'left.png', declaredType: 'image/png', declaredSize: 10, storageKey: `assets/${h.projectId}/${id}`, uploadExpiresAt: expiresAt });
      await local.put(`uploads/${h.projectId}/${id}`, Buffer.from('half'), { contentType: 'image/png' });
      return id;
    };
    const abandoned = await pending(new Date(Date.now() - 2 * 3_600_000));
    const fresh = await pending(new Date(Date.now() + 60_000));
    expect(await sweepAbandonedUploads({ db: h.app.db, blobs: local, logger: silentLogger })).toBeGreaterThanOrEqual(1);
    const status = async (id: string) => (await h.app.db.query<{ status: string; reason: string | null }>('SELECT status, reason FROM assets WHERE id = $1', [id])).rows[0];
    expect(await status(abandoned)).toEqual({ status: 'failed', reason: 'the upload was never completed' });
    expect(await local.head(`uploads/${h.projectId}/${abandoned}`)).toBeNull();
    expect(await status(fresh)).toEqual({ status: 'pending', reason: null });
    expect(await local.head(`uploads/${h.projectId}/${fresh}`)).toEqual({ size: 4 });
  });

  it('keeps a video without ffmpeg: ready, no preview, and says why', async () => {
    const local = new LocalBlobStore(path.join(dataDir, 'blobs'), APP_SECRET, () => h.app.url);
    const id = randomUUID();
    const key = `assets/${h.projectId}/${id}`;
    await local.put(key, media.mp4, { contentType: 'video/mp4' });
    await insertPendingAsset(h.app.db, { id, projectId: h.projectId, uploaderUserId: h.owner.userId, uploaderApiKeyId: null, name: 'no-ffmpeg.mp4', declaredType: 'video/mp4', declaredSize: media.mp4.length, storageKey: key, uploadExpiresAt: new Date(Date.now() + 60_000) });
    await markUploaded(h.app.db, id, { detectedType: 'video/mp4', size: media.mp4.length, checksumSha256: sha256(media.mp4) });
    const missing = path.join(dataDir, 'not-installed', 'ffmpeg');
    const result = await processAsset({ db: h.app.db, blobs: local, logger: silentLogger, maxImagePixels: MAX_PIXELS, video: { ffmpegPath: missing, ffprobePath: `${missing}probe` } }, id);
    expect(result).toMatchObject({ outcome: 'ready', reason: 'no preview: ffmpeg (ffprobe) not installed', finishedHere: true });
  });
});

describe('assets and uploads in S3 (s3rver): pglite', () => {
  let media: Media;
  let s3: FakeS3;
  const env: Record<string, string> = { ...ASSET_ENV };
  const dataDirOf = suiteDataDir('studio-sync-assets-s3-', env);
  beforeAll(async () => {
    s3 = await startFakeS3();
    Object.assign(env, s3.env);
    media = await makeMedia(dataDirOf());
  });
  afterAll(async () => {
    await s3?.close();
  });
  const h = harness('pglite', env);

  it('hands out a presigned POST whose policy fixes type and size, and takes the file through it to a thumbnail', async () => {
    const asked = await h.api.call<Upload>('POST', `/api/projects/${h.projectId}/uploads`, { token: h.owner.accessToken, body: { name: 'p.png', type: 'image/png', size: media.png.length } });
    expect(asked.status).toBe(201);
    const target = asked.body.data.upload;
    if (target.method !== 'POST') throw new Error('S3 hands out presigned POSTs');
    const policy = JSON.parse(Buffer.from(target.fields.Policy!, 'base64').toString()) as { conditions: unknown[] };
    expect(policy.conditions).toContainEqual(['content-length-range', 1, media.png.length]);
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'image/png']);
    expect(policy.conditions).toContainEqual({ key: `uploads/${h.projectId}/${asked.body.data.uploadId}` });
    expect((await postForm(target, media.png, 'image/png')).status).toBeLessThan(300);
    const completed = await h.api.call<Asset>('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: h.owner.accessToken });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    await expect.poll(async () => (await h.api.call<Asset>('GET', `/api/projects/${h.projectId}/assets/${completed.body.data.id}`, { token: h.owner.accessToken })).body.data.status, POLL).toBe('ready');
    const link = await h.api.call<{ url: string }>('GET', `/api/projects/${h.projectId}/assets/${completed.body.data.id}/download`, { token: h.owner.accessToken });
    expect(new URL(link.body.data.url).searchParams.get('X-Amz-Signature')).toBeTruthy();
    const file = await fetch(link.body.data.url);
    expect(sha256(Buffer.from(await file.arrayBuffer()))).toBe(sha256(media.png));
  });

  it('refuses an .exe sent as image/png through the presigned POST', async () => {
    const asked = await h.api.call<Upload>('POST', `/api/projects/${h.projectId}/uploads`, { token: h.owner.accessToken, body: { name: 'e.png', type: 'image/png', size: media.exe.length } });
    const target = asked.body.data.upload;
    if (target.method !== 'POST') throw new Error('S3 hands out presigned POSTs');
    await postForm(target, media.exe, 'image/png');
    const completed = await h.api.call('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: h.owner.accessToken });
    expect(completed.status).toBe(422);
    expect(completed.body.error!.code).toBe('ASSET_TYPE_MISMATCH');
  });
});

/**
 * The worker in its own process (ROLES=worker, as in production) on the PostgreSQL database of an
 * in-process api+collab server, killed with SIGKILL while it processes a video (its ffprobe is a
 * script that waits for ever), then started again: the asset stays `processing` meanwhile, the
 * job misses its heartbeat, runs again, and the asset is finished once.
 */
describe('a worker process killed while it processes an asset: postgres', () => {
  const JOBS_SCHEMA = `jobs_${randomBytes(5).toString('hex')}`;
  const ENV: Record<string, string> = { ...ASSET_ENV, ROLES: 'api,collab', JOBS_SCHEMA };
  const dataDirOf = suiteDataDir('studio-sync-assets-kill-', ENV);
  const workers: ChildServer[] = [];
  let marker: string;
  let stuckProbe: string;
  let media: Media;
  beforeAll(async () => {
    marker = path.join(dataDirOf(), 'probing');
    stuckProbe = path.join(dataDirOf(), 'stuck-ffprobe');
    media = await makeMedia(dataDirOf());
    // Says it started, then waits until its worker is gone (so no orphan outlives the test).
    fs.writeFileSync(stuckProbe, `#!/bin/sh\ntouch "${marker}"\nwhile kill -0 $PPID 2>/dev/null; do sleep 0.2; done\nexit 1\n`, { mode: 0o755 });
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.process.exitCode === null && worker.process.signalCode === null) worker.process.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
  });
  const h = harness('postgres', ENV);

  async function startWorker(env: Record<string, string>): Promise<ChildServer> {
    const connection = h.app.db.connection;
    if (connection.kind !== 'postgres') throw new Error('the worker process needs the PostgreSQL database');
    const worker = spawnServer({ ...ENV, ...env, ROLES: 'worker', DATABASE_URL: connection.url, AUTH_JWT_SECRET: APP_SECRET, WORKER_SUPERVISE_INTERVAL_SECONDS: '1' });
    workers.push(worker);
    await worker.listening;
    return worker;
  }

  it('leaves the asset `processing` when killed, and a restarted worker finishes it once', async () => {
    const asked = await h.api.call<Upload>('POST', `/api/projects/${h.projectId}/uploads`, { token: h.owner.accessToken, body: { name: 'clip.mp4', type: 'video/mp4', size: media.mp4.length } });
    const target = asked.body.data.upload as Extract<Target, { method: 'PUT' }>;
    expect((await fetch(target.url, { method: 'PUT', headers: target.headers, body: new Uint8Array(media.mp4) })).status).toBe(200);
    const completed = await h.api.call<Asset>('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: h.owner.accessToken });
    expect(completed.body.data.status).toBe('uploaded');
    const id = completed.body.data.id;
    const status = async () => (await h.api.call<Asset>('GET', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken })).body.data.status;

    const first = await startWorker({ FFPROBE_PATH: stuckProbe });
    await expect.poll(() => fs.existsSync(marker), POLL).toBe(true);
    expect(await status()).toBe('processing');
    first.process.kill('SIGKILL');
    await first.exited;
    expect(await status()).toBe('processing');

    const second = await startWorker({});
    // pg-boss notices the missed heartbeat in its monitor pass (run at WORKER_SUPERVISE_INTERVAL_SECONDS),
    // then waits the retry delay.
    await expect.poll(status, { timeout: 120_000, interval: 250 }).toBe('ready');
    const asset = (await h.api.call<Asset>('GET', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken })).body.data;
    expect(asset.preview).toMatchObject({ poster: true, width: 320, height: 240 });
    const finished = second.logLines('asset processed').filter((line) => line.assetId === id);
    expect(finished.map((line) => [line.outcome, line.finishedHere])).toEqual([['ready', true]]);
  }, 180_000);
});
