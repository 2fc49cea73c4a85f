import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from './helpers/client.js';
import { type Harness, harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { type FakeS3, startFakeS3 } from './helpers/fake-s3.js';
import { S3BlobStore } from '../storage/blobs/s3-blob-store.js';

const POLL = { timeout: 30_000, interval: 100 };
const MULTIPART_MAX = 150_000;
const ENV = { ASSET_MAX_BYTES: '200000', ASSET_PROJECT_QUOTA_BYTES: '250000', ASSET_MULTIPART_MAX_BYTES: String(MULTIPART_MAX), WORKER_POLL_INTERVAL_MS: '500' };

interface Asset {
  id: string;
  name: string;
  type: string | null;
  size: number | null;
  status: string;
  preview: { thumbnail: boolean; width: number | null; height: number | null };
}
interface Reply {
  status: number;
  body: { data: Asset; error?: { code: string; details?: unknown } };
}

/** Random pixels: PNG cannot shrink them, so the file's size is about width × height × 3. */
const noisePng = (width: number, height: number) => sharp(Buffer.from(Array.from({ length: width * height * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width, height, channels: 3 } }).png().toBuffer();
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000', 'hex'), Buffer.alloc(2_000, 0x41)]);

function suite(h: Harness, label: string) {
  let png: Buffer;
  beforeAll(async () => {
    png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 250, g: 120, b: 0 } } }).png().toBuffer();
  });

  async function send(bytes: Uint8Array, name: string, type: string | undefined, options: { person?: SignedIn; projectId?: string } = {}): Promise<Reply> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], type ? { type } : {}), name);
    const response = await fetch(`${h.app.url}/api/projects/${options.projectId ?? h.projectId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${(options.person ?? h.owner).accessToken}` }, body: form });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  }
  const count = async (projectId = h.projectId) => (await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM assets WHERE project_id = $1`, [projectId])).rows[0]!.n;

  it(`takes a small file in one request, typed from its bytes, and processes it (${label})`, async () => {
    const sent = await send(png, 'Banner.png', undefined);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.data).toMatchObject({ name: 'Banner.png', type: 'image/png', size: png.length });
    const id = sent.body.data.id;
    await expect.poll(async () => (await h.api.call<Asset>('GET', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken })).body.data.status, POLL).toBe('ready');
    const ready = (await h.api.call<Asset>('GET', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken })).body.data;
    expect(ready.preview).toMatchObject({ thumbnail: true, width: 640, height: 480 });
    const link = await h.api.call<{ url: string }>('GET', `/api/projects/${h.projectId}/assets/${id}/download`, { token: h.owner.accessToken });
    expect(Buffer.from(await (await fetch(link.body.data.url)).arrayBuffer()).equals(png)).toBe(true);

    const declared = await send(png, 'declared.png', 'image/png');
    expect(declared.status).toBe(201);
    // A path-traversal name is display text only: kept as sent, never a key.
    const hostile = await send(png, '../../../etc/passwd.png', 'image/png');
    expect(hostile.status, JSON.stringify(hostile.body)).toBe(201);
    expect(hostile.body.data.name).toBe('../../../etc/passwd.png');
    const key = (await h.app.db.query<{ storage_key: string }>('SELECT storage_key FROM assets WHERE id = $1', [hostile.body.data.id])).rows[0]!.storage_key;
    expect(key).toBe(`assets/${h.projectId}/${hostile.body.data.id}`);
    for (const id of [declared.body.data.id, hostile.body.data.id, sent.body.data.id]) {
      expect((await h.api.call('DELETE', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken })).status).toBe(200);
    }
  });

  it(`refuses what the upload flow refuses, and a file too big for one request, storing nothing (${label})`, async () => {
    const before = await count();
    const exe = await send(EXE, 'setup.png', 'image/png');
    expect(exe.status).toBe(422);
    expect(exe.body.error!.code).toBe('ASSET_TYPE_MISMATCH');
    const unknown = await send(EXE, 'setup.exe', undefined);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error!.code).toBe('ASSET_TYPE_MISMATCH');
    const notAccepted = await send(png, 'x.html', 'text/html');
    expect(notAccepted.status).toBe(422);

    const big = Buffer.concat([png, Buffer.alloc(MULTIPART_MAX, 0)]);
    const tooBig = await send(big, 'big.png', 'image/png');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 'ASSET_USE_UPLOAD_FLOW', details: { maxBytes: MULTIPART_MAX } });

    const empty = await send(new Uint8Array(), 'empty.png', 'image/png');
    expect(empty.status).toBe(422);
    const longName = await send(png, `${'n'.repeat(5_000)}.png`, 'image/png');
    expect(longName.status).toBe(422);
    expect(longName.body.error!.code).toBe('VALIDATION_FAILED');
    const json = await h.api.call('POST', `/api/projects/${h.projectId}/assets`, { token: h.owner.accessToken, body: { file: 'abc' } });
    expect(json.status).toBe(422);
    const noFile = new FormData();
    noFile.append('other', 'value');
    const withoutFile = await fetch(`${h.app.url}/api/projects/${h.projectId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${h.owner.accessToken}` }, body: noFile });
    expect(withoutFile.status).toBe(422);
    const broken = await fetch(`${h.app.url}/api/projects/${h.projectId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${h.owner.accessToken}`, 'content-type': 'multipart/form-data; boundary=xyz' }, body: 'not a form at all' });
    expect(broken.status).toBe(400);

    const viewer = await h.member('viewer');
    expect((await send(png, 'v.png', 'image/png', { person: viewer })).status).toBe(403);
    const outsider = await h.api.signIn();
    expect((await send(png, 'o.png', 'image/png', { person: outsider })).status).toBe(404);
    // Refused files leave no row behind except as failed verification (no bytes kept, nothing held against the quota).
    const left = await h.app.db.query<{ status: string; checksum_sha256: string | null }>(`SELECT status, checksum_sha256 FROM assets WHERE project_id = $1 ORDER BY created_at OFFSET $2`, [h.projectId, before]);
    for (const row of left.rows) expect(row).toEqual({ status: 'failed', checksum_sha256: null });
  });

  it(`says 413 early for an announced length past the limit, on a connection it then closes (${label})`, async () => {
    const url = new URL(`${h.app.url}/api/projects/${h.projectId}/assets`);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${h.owner.accessToken}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 900000000\r\n\r\n--b\r\n`);
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain('ASSET_USE_UPLOAD_FLOW');
  });

  it(`holds the project's quota: 413 ASSET_QUOTA_EXCEEDED once it would be passed (${label})`, async () => {
    const projectId = (await h.api.call<{ id: string }>('POST', '/api/projects', { token: h.owner.accessToken, body: { name: 'Quota' } })).body.data.id;
    const file = await noisePng(200, 170);
    expect(file.length).toBeGreaterThan(90_000);
    expect((await send(file, 'a.png', 'image/png', { projectId })).status).toBe(201);
    expect((await send(file, 'b.png', 'image/png', { projectId })).status).toBe(201);
    const third = await send(file, 'c.png', 'image/png', { projectId });
    expect(third.status).toBe(413);
    expect(third.body.error).toMatchObject({ code: 'ASSET_QUOTA_EXCEEDED', details: { quotaBytes: 250_000 } });
    expect(await count(projectId)).toBe(2);
  });
}

describe.each(BACKENDS)('small files in one multipart request, local disk: %s', (kind) => {
  const env: Record<string, string> = { ...ENV };
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-asset-multipart-'));
    env.DATA_DIR = dir;
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const h = harness(kind, env);
  suite(h, 'local disk');
});

describe('small files in one multipart request, S3 (s3rver): pglite', () => {
  const env: Record<string, string> = { ...ENV };
  let s3: FakeS3;
  let dir = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-asset-multipart-s3-'));
    env.DATA_DIR = dir;
    s3 = await startFakeS3();
    Object.assign(env, s3.env);
  });
  afterAll(async () => {
    await s3?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const h = harness('pglite', env);
  suite(h, 'S3');

  it('signs browser URLs for S3_PUBLIC_ENDPOINT while the app itself talks to S3_ENDPOINT (MinIO in compose)', async () => {
    const store = new S3BlobStore({ ...s3.config, publicEndpoint: 'http://files.example.test:9000' });
    try {
      const key = `assets/${h.projectId}/${randomUUID()}`;
      await store.put(key, new Uint8Array([1, 2, 3]), { contentType: 'image/png' });
      expect(await store.head(key)).toEqual({ size: 3 });
      const upload = await store.createUpload({ key: `uploads/${h.projectId}/${randomUUID()}`, contentType: 'image/png', maxBytes: 10, expiresInSeconds: 60 });
      expect(upload.url).toBe(`http://files.example.test:9000/${s3.bucket}`);
      const download = new URL(await store.downloadUrl({ key, contentType: 'image/png', fileName: 'x.png', expiresInSeconds: 60 }));
      expect(download.host).toBe('files.example.test:9000');
      expect(download.pathname).toBe(`/${s3.bucket}/${key}`);
      expect(download.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    } finally {
      store.destroy();
    }
  });
});
