import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { processAsset } from '../operations/assets/process-asset.js';
import { sweepAbandonedUploads } from '../operations/assets/sweep-abandoned-uploads.js';
import { insertPendingAsset, markUploaded } from '../storage/assets.js';
import { LocalBlobStore } from '../storage/blobs/local-blob-store.js';
import { APP_SECRET, type Asset, MAX_PIXELS, type Media, localDiskAssets, sha256 } from './helpers/assets.js';
import { BACKENDS } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';

/** The worker's steps run directly on a local-disk store: processing an asset once, sweeping abandoned uploads, a video without ffmpeg. */
describe.each(BACKENDS)('assets and uploads on local disk: %s', (kind) => {
  const disk = localDiskAssets(kind);
  const h = disk.h;
  let dataDir: string;
  let media: Media;
  beforeAll(() => {
    dataDir = disk.dataDir();
    media = disk.media();
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
