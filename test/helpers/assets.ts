import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, expect } from 'vitest';
import type { DatabaseKind } from '../../platform/db/database.js';
import type { SignedIn } from './client.js';
import { type Harness, harness } from './collab-harness.js';

const run = promisify(execFile);
export const POLL = { timeout: 30_000, interval: 100 };
/** What startTestApp signs with: the local store's URL key derives from it. */
export const APP_SECRET = 'test-secret-that-is-long-enough-0123456789';
export const MAX_BYTES = 2_000_000;
export const QUOTA_BYTES = 3_000_000;
export const MAX_PIXELS = 4_000_000;

export const ASSET_ENV = { ASSET_MAX_BYTES: String(MAX_BYTES), ASSET_PROJECT_QUOTA_BYTES: String(QUOTA_BYTES), ASSET_MAX_IMAGE_PIXELS: String(MAX_PIXELS), WORKER_POLL_INTERVAL_MS: '500' };

export interface Asset {
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

export type Target = { method: 'PUT'; url: string; headers: Record<string, string> } | { method: 'POST'; url: string; fields: Record<string, string> };
export interface Upload {
  uploadId: string;
  upload: Target;
  maxBytes: number;
}

/** Sends a file's bytes to the upload target the API handed out. */
export type Send = (target: Target, bytes: Buffer, type: string) => Promise<Response>;

/** Test media made here: a 1200×800 PNG with sharp, a one-second 320×240 MP4 with ffmpeg, a small decompression bomb. */
export interface Media {
  png: Buffer;
  mp4: Buffer;
  bomb: Buffer;
  exe: Buffer;
}

export async function makeMedia(dir: string): Promise<Media> {
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

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The API calls the upload tests make as a person: ask for an upload, send and complete it, read, wait for, download. */
export function assetRequests(h: Harness, send: Send) {
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
  return { api, askUpload, uploadFile, getAsset, settled, download };
}

/**
 * A temporary DATA_DIR made when the suite starts (not when it is collected, so a filtered-out
 * suite leaves nothing behind) and removed after it; set in `env` before the harness reads it.
 */
export function suiteDataDir(prefix: string, env: Record<string, string>): () => string {
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

/** How the local disk store takes a file: a PUT to the signed URL it handed out. */
export const putToLocalDisk: Send = (target, bytes, type) => {
  if (target.method !== 'PUT') throw new Error('local disk hands out PUT URLs');
  return fetch(target.url, { method: 'PUT', headers: { ...target.headers, 'content-type': type }, body: new Uint8Array(bytes) });
};

export interface LocalDiskAssets {
  h: Harness;
  media: () => Media;
  dataDir: () => string;
}

/**
 * What each "assets and uploads on local disk" suite starts with, called inside its describe: the
 * asset limits, a DATA_DIR for the files, the test media made there, and a server of `kind`.
 */
export function localDiskAssets(kind: DatabaseKind): LocalDiskAssets {
  const env: Record<string, string> = { ...ASSET_ENV };
  const dataDirOf = suiteDataDir('studio-sync-assets-', env);
  let dataDir: string;
  let media: Media;
  beforeAll(async () => {
    dataDir = dataDirOf();
    media = await makeMedia(dataDir);
  });
  const h = harness(kind, env);
  return { h, media: () => media, dataDir: () => dataDir };
}
