import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_ENV, type Asset, type Media, POLL, type Upload, makeMedia, sha256, suiteDataDir } from './helpers/assets.js';
import { harness } from './helpers/collab-harness.js';
import { type FakeS3, postForm, startFakeS3 } from './helpers/fake-s3.js';

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
