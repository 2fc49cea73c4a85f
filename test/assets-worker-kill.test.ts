import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SECRET, ASSET_ENV, type Asset, type Media, POLL, type Target, type Upload, makeMedia, suiteDataDir } from './helpers/assets.js';
import { type ChildServer, spawnServer } from './helpers/child-server.js';
import { harness } from './helpers/collab-harness.js';

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
