import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../storage/blobs/blob-store.js';
import { LOCAL_BLOB_DOWNLOAD_PATH, LOCAL_BLOB_UPLOAD_PATH, LocalBlobStore } from '../storage/blobs/local-blob-store.js';
import { S3BlobStore } from '../storage/blobs/s3-blob-store.js';
import { type FakeS3, postForm, startFakeS3 } from './helpers/fake-s3.js';

/** A store under test, and how a client sends a file to the upload target it hands out. */
interface Subject {
  store: BlobStore;
  send(target: Awaited<ReturnType<BlobStore['createUpload']>>, body: Uint8Array, contentType: string): Promise<Response>;
  close(): Promise<void>;
}

/** The local store with the two routes the app serves for it, on a bare HTTP server on port 0. */
async function localSubject(): Promise<Subject & { local: LocalBlobStore }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-blobs-'));
  let base = '';
  const local = new LocalBlobStore(dir, 'contract-secret-0123456789abcdef0123456789', () => base);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const token = url.searchParams.get('token') ?? '';
    if (req.method === 'PUT' && url.pathname === LOCAL_BLOB_UPLOAD_PATH) {
      const length = req.headers['content-length'];
      const result = await local.acceptUpload(token, req, { contentType: req.headers['content-type'], contentLength: length === undefined ? undefined : Number(length) });
      res.writeHead(result.ok ? 204 : result.reason === 'too-large' ? 413 : 403, { connection: 'close' }).end(result.ok ? undefined : result.reason);
      return;
    }
    if (req.method === 'GET' && url.pathname === LOCAL_BLOB_DOWNLOAD_PATH) {
      const opened = await local.openDownload(token);
      if (!opened.ok) return void res.writeHead(403).end(opened.reason);
      res.writeHead(200, { 'content-type': opened.grant.contentType, 'content-length': opened.size });
      opened.body.pipe(res);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    store: local,
    local,
    send: (target, body, contentType) => {
      if (target.method !== 'PUT') throw new Error('the local store hands out PUT targets');
      return fetch(target.url, { method: 'PUT', headers: { ...target.headers, 'content-type': contentType }, body: new Uint8Array(body) });
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function s3Subject(): Promise<Subject & { fake: FakeS3 }> {
  const fake = await startFakeS3();
  const store = new S3BlobStore(fake.config);
  return {
    store,
    fake,
    send: (target, body, contentType) => {
      if (target.method !== 'POST') throw new Error('the S3 store hands out presigned POSTs');
      return postForm(target, body, contentType);
    },
    close: async () => {
      store.destroy();
      await fake.close();
    },
  };
}

const SUBJECTS = { local: localSubject, s3: s3Subject } as const;

describe.each(Object.keys(SUBJECTS) as (keyof typeof SUBJECTS)[])('blob store contract: %s', (kind) => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await SUBJECTS[kind]();
  });
  afterAll(async () => {
    await subject?.close();
  });
  const key = (name = 'file.bin') => `contract/${randomUUID()}/${name}`;

  it('stores, describes, reads the start of and streams back an object', async () => {
    const k = key();
    const body = randomBytes(10_000);
    await subject.store.put(k, body, { contentType: 'application/octet-stream' });
    expect(await subject.store.head(k)).toEqual({ size: 10_000 });
    expect((await subject.store.readStart(k, 16))!.equals(body.subarray(0, 16))).toBe(true);
    expect((await subject.store.readStart(k, 50_000))!.equals(body)).toBe(true);
    const stream = await subject.store.openRead(k);
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('answers null, not an error, for what is not there; deleting it twice is fine', async () => {
    const k = key();
    expect(await subject.store.head(k)).toBeNull();
    expect(await subject.store.readStart(k, 10)).toBeNull();
    expect(await subject.store.openRead(k)).toBeNull();
    await subject.store.put(k, Buffer.from('x'), { contentType: 'text/plain' });
    await subject.store.delete(k);
    await subject.store.delete(k);
    expect(await subject.store.head(k)).toBeNull();
  });

  it('moves an object to another key (and says so when there is nothing to move)', async () => {
    const from = key();
    const to = key();
    await subject.store.put(from, Buffer.from('moved'), { contentType: 'text/plain' });
    expect(await subject.store.move(from, to)).toBe(true);
    expect(await subject.store.head(from)).toBeNull();
    expect((await subject.store.readStart(to, 100))!.toString()).toBe('moved');
    expect(await subject.store.move(from, key())).toBe(false);
  });

  it('refuses keys that could climb out of the store', async () => {
    for (const bad of ['../etc/passwd', 'a/../../b', '/abs', 'A/Upper', 'a//b', '.hidden', 'with space']) {
      await expect(subject.store.put(bad, Buffer.from('x'), { contentType: 'text/plain' }), bad).rejects.toThrow(/invalid blob key/);
    }
  });

  it('takes a client upload through the target it hands out, then downloads it through a signed URL', async () => {
    const k = key('image.png');
    const body = randomBytes(2_048);
    const target = await subject.store.createUpload({ key: k, contentType: 'image/png', maxBytes: 4_096, expiresInSeconds: 60 });
    expect(target.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const sent = await subject.send(target, body, 'image/png');
    expect(sent.status, await sent.clone().text()).toBeLessThan(300);
    expect(await subject.store.head(k)).toEqual({ size: 2_048 });
    const url = await subject.store.downloadUrl({ key: k, expiresInSeconds: 60, contentType: 'image/png', fileName: '../../etc/passwd "evil".png' });
    const downloaded = await fetch(url);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(body)).toBe(true);
  });
});

describe('blob store: what only one implementation can show', () => {
  it('S3: the presigned POST policy fixes the key, the content type, a size range and a short expiry', async () => {
    const { store, close } = await s3Subject();
    try {
      const target = await store.createUpload({ key: 'uploads/p/a', contentType: 'image/png', maxBytes: 1_000, expiresInSeconds: 120 });
      if (target.method !== 'POST') throw new Error('expected a POST');
      // s3rver does not check policies, so the policy itself is what is checked here.
      const policy = JSON.parse(Buffer.from(target.fields.Policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
      expect(policy.conditions).toContainEqual(['content-length-range', 1, 1_000]);
      expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'image/png']);
      expect(policy.conditions).toContainEqual({ key: 'uploads/p/a' });
      const lifetime = Date.parse(policy.expiration) - Date.now();
      expect(lifetime).toBeGreaterThan(100_000);
      expect(lifetime).toBeLessThanOrEqual(120_000);
      const url = new URL(await store.downloadUrl({ key: 'uploads/p/a', expiresInSeconds: 90, contentType: 'image/png', fileName: 'a.png' }));
      expect(url.searchParams.get('X-Amz-Expires')).toBe('90');
      expect(url.searchParams.get('response-content-disposition')).toMatch(/^attachment;/);
    } finally {
      await close();
    }
  });

  describe('local signed URLs', () => {
    let subject: Awaited<ReturnType<typeof localSubject>>;
    beforeAll(async () => {
      subject = await localSubject();
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('refuses a forged, an expired or a re-typed upload URL, and stores nothing', async () => {
      const k = `forged/${randomUUID()}`;
      const target = await subject.store.createUpload({ key: k, contentType: 'image/png', maxBytes: 100, expiresInSeconds: 60 });
      if (target.method !== 'PUT') throw new Error('expected a PUT');
      const token = new URL(target.url).searchParams.get('token')!;
      const [head, payload, signature] = token.split('.');
      // A payload widened to a bigger limit, the signature kept: refused.
      const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), m: 10_000_000 })).toString('base64url');
      const forged = target.url.replace(token, `${head}.${widened}.${signature}`);
      expect((await fetch(forged, { method: 'PUT', headers: target.headers, body: Buffer.alloc(50) })).status).toBe(403);
      // Another content type than the one signed: refused.
      expect((await fetch(target.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: Buffer.alloc(50) })).status).toBe(403);
      const expired = await subject.store.createUpload({ key: k, contentType: 'image/png', maxBytes: 100, expiresInSeconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const late = await fetch(expired.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: Buffer.alloc(50) });
      expect(late.status).toBe(403);
      expect(await late.text()).toBe('expired');
      expect(await subject.store.head(k)).toBeNull();
      // A download URL is not an upload URL.
      const download = await subject.store.downloadUrl({ key: k, expiresInSeconds: 60, contentType: 'image/png', fileName: 'x' });
      const asUpload = `${target.url.split('?')[0]}?token=${new URL(download).searchParams.get('token')}`;
      expect((await fetch(asUpload, { method: 'PUT', headers: target.headers, body: Buffer.alloc(50) })).status).toBe(403);
    });

    it('cuts off a body past the limit while it streams, whatever Content-Length claimed, and keeps nothing', async () => {
      const k = `big/${randomUUID()}`;
      const target = await subject.store.createUpload({ key: k, contentType: 'video/mp4', maxBytes: 64 * 1024, expiresInSeconds: 60 });
      // Declared too large: refused before reading.
      expect((await fetch(target.url, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: Buffer.alloc(64 * 1024 + 1) })).status).toBe(413);
      // Streamed without a length (chunked): counted and cut off.
      const chunks = Readable.from((function* () {
        for (let i = 0; i < 100; i += 1) yield Buffer.alloc(4_096, i);
      })());
      const result = await subject.local.acceptUpload(new URL(target.url).searchParams.get('token')!, chunks, { contentType: 'video/mp4', contentLength: undefined });
      expect(result).toEqual({ ok: false, reason: 'too-large' });
      expect(await subject.store.head(k)).toBeNull();
      expect(fs.readdirSync(path.join((subject.local as unknown as { root: string }).root, '.incoming'))).toEqual([]);
    });
  });
});
