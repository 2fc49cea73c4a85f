import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BlobTokens } from '../storage/blobs/signed-blob-tokens.js';
import type { Harness } from './helpers/collab-harness.js';
import { APP_SECRET, MAX_BYTES, type Media, QUOTA_BYTES, type Send, type Target, type Upload, assetRequests, localDiskAssets, putToLocalDisk } from './helpers/assets.js';
import { BACKENDS } from './helpers/databases.js';

/** What the API refuses whichever store takes the bytes: a disguised type, a traversing name, too many bytes, a full quota. */
function refusals(h: Harness, media: () => Media, send: Send) {
  const { api, askUpload, uploadFile, getAsset, download } = assetRequests(h, send);

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
}

describe.each(BACKENDS)('assets and uploads on local disk: %s', (kind) => {
  const disk = localDiskAssets(kind);
  const h = disk.h;
  let dataDir: string;
  let media: Media;
  beforeAll(() => {
    dataDir = disk.dataDir();
    media = disk.media();
  });
  // First, so the look at what is stored (in the forged-URL test) sees the files these leave.
  refusals(h, disk.media, putToLocalDisk);

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
});
