import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

const POLL = { timeout: 15_000, interval: 50 };

interface Asset {
  id: string;
  name: string;
  status: string;
}
interface Task {
  id: string;
  cardId: string;
  links: { kind: string; target: string }[];
  etag: string;
}
type CardLinks = { kind: string; target: string }[];

/**
 * Uploaded files attached to Kanban cards (their `links`) and to requests, next to pipeline items;
 * deleting a linked file asks first (409 listing every place) and with unlink=true takes it off
 * everywhere, through the live document for cards, so a connected board sees it go.
 */
describe.each(BACKENDS)('assets attached to cards and requests: %s', (kind) => {
  const env: Record<string, string> = { ASSET_MAX_BYTES: '1000000', ASSET_PROJECT_QUOTA_BYTES: '5000000', WORKER_POLL_INTERVAL_MS: '500' };
  let dir = '';
  let png: Buffer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-asset-links-'));
    env.DATA_DIR = dir;
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 90, b: 200 } } }).png().toBuffer();
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const h = harness(kind, env);

  const call = <T>(method: string, url: string, body?: unknown, person: SignedIn = h.owner) => h.api.call<T>(method, url, { token: person.accessToken, ...(body !== undefined ? { body } : {}) });

  /** A small file in one multipart request (the form the web client's drop also can use). */
  async function upload(person: SignedIn = h.owner, projectId = h.projectId, name = 'shot.png'): Promise<Asset> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), name);
    const response = await fetch(`${h.app.url}/api/projects/${projectId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${person.accessToken}` }, body: form });
    const body = (await response.json()) as { data: Asset };
    expect(response.status, JSON.stringify(body)).toBe(201);
    return body.data;
  }

  async function newTask(title: string): Promise<{ task: Task; boardName: string }> {
    const boardName = await h.createBoard('Launch board');
    const boardId = boardName.split(':')[2]!;
    const created = await call<Task>('POST', '/api/tasks', { projectId: h.projectId, boardId, title });
    expect(created.status).toBe(201);
    return { task: created.body.data, boardName };
  }

  async function newRequest(title: string): Promise<string> {
    const created = await call<{ id: string }>('POST', '/api/requests', { projectId: h.projectId, type: 'design-change', title });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.data.id;
  }

  it('attaches a file to a card (a connected board sees the link) and to a request; attaching twice changes nothing', async () => {
    const asset = await upload();
    const { task, boardName } = await newTask('Hero banner');
    const board = h.open(boardName, h.owner.accessToken);
    await board.synced;

    const attached = await call<Task>('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: asset.id });
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    expect(attached.body.data.links).toEqual([{ kind: 'asset', target: `asset:${asset.id}` }]);
    expect(attached.headers.get('etag')).toBe(`"${attached.body.data.etag}"`);
    const cardLinks = () => (board.doc.getMap('cards').get(task.cardId) as { get(key: string): unknown } | undefined)?.get('links') as CardLinks | undefined;
    await expect.poll(cardLinks, POLL).toEqual([{ kind: 'asset', target: `asset:${asset.id}` }]);
    const again = await call<Task>('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: asset.id.toUpperCase() });
    expect(again.status).toBe(201);
    expect(again.body.data.links).toHaveLength(1);

    const requestId = await newRequest('New hero');
    const onRequest = await call<Asset[]>('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: asset.id });
    expect(onRequest.status, JSON.stringify(onRequest.body)).toBe(201);
    expect(onRequest.body.data.map((a) => [a.id, a.name])).toEqual([[asset.id, 'shot.png']]);
    expect((await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: asset.id })).status).toBe(201);
    const viewer = await h.member('viewer');
    const listed = await call<Asset[]>('GET', `/api/requests/${requestId}/attachments`, undefined, viewer);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((a) => a.id)).toEqual([asset.id]);

    // Taken off again: the card and the request; the file itself stays.
    const detached = await call<Task>('DELETE', `/api/tasks/${task.id}/attachments/${asset.id}`);
    expect(detached.status).toBe(200);
    expect(detached.body.data.links).toEqual([]);
    await expect.poll(cardLinks, POLL).toEqual([]);
    expect((await call<Asset[]>('DELETE', `/api/requests/${requestId}/attachments/${asset.id}`)).body.data).toEqual([]);
    expect((await call('DELETE', `/api/requests/${requestId}/attachments/${asset.id}`)).status).toBe(404);
    expect((await call('GET', `/api/projects/${h.projectId}/assets/${asset.id}`)).status).toBe(200);
    const audit = await h.app.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [`asset:${asset.id}`]);
    expect(audit.rows.map((row) => row.action)).toEqual(['asset.attached', 'asset.attached', 'asset.detached', 'asset.detached']);
  });

  it('refuses to delete a linked file, listing every place, then with unlink=true takes it off everywhere (live) and deletes it', async () => {
    const asset = await upload(h.owner, h.projectId, 'Key visual.png');
    const { task, boardName } = await newTask('Poster');
    const boardId = boardName.split(':')[2]!;
    const requestId = await newRequest('Poster review');
    const pipeline = await call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { kind: 'pipeline', title: 'Winter' });
    const pipelineId = pipeline.body.data.name.split(':')[2]!;
    const campaign = (await call<{ id: string }>('POST', '/api/campaigns', { projectId: h.projectId, pipelineId, title: 'Winter' })).body.data;
    expect((await call('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: asset.id })).status).toBe(201);
    expect((await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: asset.id })).status).toBe(201);
    expect((await call('POST', `/api/campaigns/${campaign.id}/assets`, { uploadedAssetId: asset.id })).status).toBe(201);
    const board = h.open(boardName, h.owner.accessToken);
    await board.synced;

    const refused = await call('DELETE', `/api/projects/${h.projectId}/assets/${asset.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error!.code).toBe('ASSET_IN_USE');
    const links = (refused.body.error!.details as { links: { kind: string }[] }).links;
    expect(links).toEqual([
      { kind: 'pipeline-item', pipelineId, ownerId: campaign.id, entryId: expect.any(String) },
      { kind: 'card', boardId, taskId: task.id, title: 'Poster' },
      { kind: 'request', requestId, title: 'Poster review' },
    ]);
    // Nothing was touched by the refusal.
    expect((await call<Task>('GET', `/api/tasks/${task.id}`)).body.data.links).toHaveLength(1);
    expect((await call<Asset[]>('GET', `/api/requests/${requestId}/attachments`)).body.data).toHaveLength(1);

    const deleted = await call('DELETE', `/api/projects/${h.projectId}/assets/${asset.id}?unlink=true`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body.data).toEqual({ id: asset.id, deleted: true, unlinked: 3 });
    await expect.poll(() => (board.doc.getMap('cards').get(task.cardId) as { get(key: string): unknown }).get('links'), POLL).toEqual([]);
    expect((await call<Task>('GET', `/api/tasks/${task.id}`)).body.data.links).toEqual([]);
    expect((await call<Asset[]>('GET', `/api/requests/${requestId}/attachments`)).body.data).toEqual([]);
    expect((await call<unknown[]>('GET', `/api/campaigns/${campaign.id}/assets`)).body.data).toEqual([]);
    expect((await call('GET', `/api/projects/${h.projectId}/assets/${asset.id}`)).status).toBe(404);
    const audit = await h.app.db.query<{ action: string; details: { unlinked: number } }>(`SELECT action, details FROM audit_log WHERE target = $1 AND action = 'asset.deleted'`, [`asset:${asset.id}`]);
    expect(audit.rows.map((row) => [row.action, row.details.unlinked])).toEqual([['asset.deleted', 3]]);
  });

  it('refuses bad attachments with clear 4xx and changes nothing', async () => {
    const asset = await upload();
    const { task } = await newTask('Guarded');
    const requestId = await newRequest('Guarded request');
    for (const uploadedAssetId of ['x'.repeat(5_000), 'a\u0000b', 42, null, randomUUID()]) {
      const onCard = await call('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId });
      expect(onCard.status, JSON.stringify(onCard.body)).toBe(422);
      expect(onCard.body.error!.code).toBe('VALIDATION_FAILED');
      const onRequest = await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId });
      expect(onRequest.status).toBe(422);
    }
    expect((await call('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: asset.id, extra: true })).status).toBe(422);

    // A file of another project is unknown here; a card or request of a project the caller is not in is not found.
    const outsider = await h.api.signIn();
    const theirProject = (await call<{ id: string }>('POST', '/api/projects', { name: 'Elsewhere' }, outsider)).body.data.id;
    const theirs = await upload(outsider, theirProject);
    expect((await call('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: theirs.id })).status).toBe(422);
    expect((await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: theirs.id })).status).toBe(422);
    expect((await call('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: theirs.id }, outsider)).status).toBe(404);
    expect((await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: theirs.id }, outsider)).status).toBe(404);
    expect((await call('GET', `/api/requests/${requestId}/attachments`, undefined, outsider)).status).toBe(404);
    expect((await call('POST', `/api/tasks/not-an-id/attachments`, { uploadedAssetId: asset.id })).status).toBe(404);
    expect((await call('POST', `/api/requests/${randomUUID()}/attachments`, { uploadedAssetId: asset.id })).status).toBe(404);

    // A viewer reads but does not attach; an upload not completed yet cannot be attached.
    const viewer = await h.member('viewer');
    expect((await call('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: asset.id }, viewer)).status).toBe(403);
    expect((await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: asset.id }, viewer)).status).toBe(403);
    const pending = await call<{ assetId: string }>('POST', `/api/projects/${h.projectId}/uploads`, { name: 'later.png', type: 'image/png', size: 100 });
    const notYet = await call('POST', `/api/tasks/${task.id}/attachments`, { uploadedAssetId: pending.body.data.assetId });
    expect(notYet.status).toBe(409);
    expect(notYet.body.error!.code).toBe('ASSET_NOT_READY');

    expect((await call<Task>('GET', `/api/tasks/${task.id}`)).body.data.links).toEqual([]);
    expect((await call<Asset[]>('GET', `/api/requests/${requestId}/attachments`)).body.data).toEqual([]);
  });

  it('takes at most 20 files on one request', async () => {
    const requestId = await newRequest('Many files');
    const assets = [];
    for (let i = 0; i < 21; i += 1) assets.push(await upload(h.owner, h.projectId, `f${i}.png`));
    for (const asset of assets.slice(0, 20)) expect((await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: asset.id })).status).toBe(201);
    const over = await call('POST', `/api/requests/${requestId}/attachments`, { uploadedAssetId: assets[20]!.id });
    expect(over.status).toBe(422);
    expect((await call<Asset[]>('GET', `/api/requests/${requestId}/attachments`)).body.data.map((a) => a.id)).toEqual(assets.slice(0, 20).map((a) => a.id));
  });
});
