import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAsset } from '../operations/assets/process-asset.js';
import { insertPendingAsset, markUploaded } from '../storage/assets.js';
import { LocalBlobStore } from '../storage/blobs/local-blob-store.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';

const POLL = { timeout: 30_000, interval: 100 };
/** What startTestApp signs with: the local store's URL key derives from it. */
const APP_SECRET = 'test-secret-that-is-long-enough-0123456789';

interface Asset {
  id: string;
  type: string | null;
  status: string;
  reason: string | null;
  preview: { thumbnail: boolean; poster: boolean; width: number | null; height: number | null };
}

/** A two-page A4 PDF written here with pdfkit: a dark first page (so its preview is not blank), a second one. */
function makePdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.rect(0, 0, 595, 842).fill('#1040a0');
    doc.fillColor('#ffffff').fontSize(40).text('Launch brief', 60, 100);
    doc.addPage().fillColor('#000000').text('Page two');
    doc.end();
  });
}

describe.each(BACKENDS)('PDF first-page previews: %s', (kind) => {
  const env: Record<string, string> = { ASSET_MAX_BYTES: '2000000', WORKER_POLL_INTERVAL_MS: '500' };
  let dir = '';
  let pdf: Buffer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-asset-pdf-'));
    env.DATA_DIR = dir;
    pdf = await makePdf();
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const h = harness(kind, env);

  const get = async (id: string) => (await h.api.call<Asset>('GET', `/api/projects/${h.projectId}/assets/${id}`, { token: h.owner.accessToken })).body.data;
  async function settled(id: string): Promise<Asset> {
    await expect.poll(async () => (await get(id)).status, POLL).toMatch(/^(ready|failed)$/);
    return get(id);
  }
  async function uploadThroughFlow(bytes: Buffer, name: string): Promise<{ status: number; body: { data: Asset; error?: { code: string } } }> {
    const asked = await h.api.call<{ uploadId: string; upload: { url: string; headers: Record<string, string> } }>('POST', `/api/projects/${h.projectId}/uploads`, { token: h.owner.accessToken, body: { name, type: 'application/pdf', size: bytes.length } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const { url, headers } = asked.body.data.upload;
    expect((await fetch(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/pdf' }, body: new Uint8Array(bytes) })).status).toBe(200);
    return h.api.call<Asset>('POST', `/api/projects/${h.projectId}/uploads/${asked.body.data.uploadId}/complete`, { token: h.owner.accessToken });
  }

  it('accepts a PDF (typed from %PDF-) and renders its first page to a thumbnail and a poster with pdftoppm', async () => {
    const completed = await uploadThroughFlow(pdf, 'Brief.pdf');
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    expect(completed.body.data.type).toBe('application/pdf');
    const ready = await settled(completed.body.data.id);
    // A4 is 595 × 842 points: scaled so its longer side is 1280.
    expect(ready).toMatchObject({ status: 'ready', reason: null, preview: { thumbnail: true, poster: true, height: 1280 } });
    expect(ready.preview.width! / 1280).toBeCloseTo(595 / 842, 2);
    const link = await h.api.call<{ url: string }>('GET', `/api/projects/${h.projectId}/assets/${ready.id}/download?variant=thumbnail`, { token: h.owner.accessToken });
    const thumbnail = Buffer.from(await (await fetch(link.body.data.url)).arrayBuffer());
    const small = await sharp(thumbnail).metadata();
    expect(small).toMatchObject({ format: 'webp', height: 400 });
    expect(Math.abs(small.width - 283)).toBeLessThanOrEqual(1);
    // The first page, not the second: mostly the dark blue it was filled with.
    const { dominant } = await sharp(thumbnail).stats();
    expect(dominant.b).toBeGreaterThan(120);
    expect(dominant.r).toBeLessThan(80);
    const poster = await h.api.call<{ url: string }>('GET', `/api/projects/${h.projectId}/assets/${ready.id}/download?variant=poster`, { token: h.owner.accessToken });
    expect(await sharp(Buffer.from(await (await fetch(poster.body.data.url)).arrayBuffer())).metadata()).toMatchObject({ format: 'webp', width: ready.preview.width, height: 1280 });
  });

  it('fails a file that only starts like a PDF, with a reason; the worker carries on', async () => {
    const fake = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3_000, 0x20), Buffer.from('not really a pdf\n')]);
    const completed = await uploadThroughFlow(fake, 'broken.pdf');
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    const failed = await settled(completed.body.data.id);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/^not a readable PDF: /);
    // The worker is still there: the next PDF is processed.
    const next = await uploadThroughFlow(pdf, 'after.pdf');
    expect((await settled(next.body.data.id)).status).toBe('ready');
  });

  it('keeps a PDF without pdftoppm: ready, no preview, and says why', async () => {
    const local = new LocalBlobStore(path.join(dir, 'blobs'), APP_SECRET, () => h.app.url);
    const id = randomUUID();
    const key = `assets/${h.projectId}/${id}`;
    await local.put(key, pdf, { contentType: 'application/pdf' });
    await insertPendingAsset(h.app.db, { id, projectId: h.projectId, uploaderUserId: h.owner.userId, uploaderApiKeyId: null, name: 'no-poppler.pdf', declaredType: 'application/pdf', declaredSize: pdf.length, storageKey: key, uploadExpiresAt: new Date(Date.now() + 60_000) });
    await markUploaded(h.app.db, id, { detectedType: 'application/pdf', size: pdf.length, checksumSha256: createHash('sha256').update(pdf).digest('hex') });
    const missing = path.join(dir, 'not-installed', 'pdftoppm');
    const result = await processAsset({ db: h.app.db, blobs: local, logger: silentLogger, maxImagePixels: 50_000_000, video: { ffmpegPath: 'ffmpeg', ffprobePath: 'ffprobe' }, pdf: { pdftoppmPath: missing } }, id);
    expect(result).toEqual({ outcome: 'ready', reason: 'no preview: pdftoppm not installed', finishedHere: true });
    expect(await get(id)).toMatchObject({ status: 'ready', reason: 'no preview: pdftoppm not installed', preview: { thumbnail: false, poster: false } });
  });
});
