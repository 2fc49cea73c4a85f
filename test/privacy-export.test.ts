import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOldExports } from '../operations/privacy/expire-exports.js';
import { insertExport } from '../storage/data-exports.js';
import { buildExportJob } from '../workers/jobs/privacy.js';
import { LocalBlobStore } from '../storage/blobs/local-blob-store.js';
import type { SignedIn } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';
import { silentLogger } from './helpers/logger.js';
import { within } from './helpers/within.js';

const run = promisify(execFile);

/** Polls outside a test (setup): resolves once `check` answers true. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}
const POLL = { timeout: 30_000, interval: 100 };
/** What startTestApp signs with: the local store's URL key derives from it. */
const APP_SECRET = 'test-secret-that-is-long-enough-0123456789';
const VAULT_PASSWORD = 'Vault-Secret-Never-Exported-7731';

interface ExportView {
  id: string;
  status: string;
  progress: number;
  size: number | null;
  expiresAt: string | null;
  downloadPath: string | null;
}

/** Reads a ZIP with the unzip CLI: its file names, and each file's text. */
async function readZip(file: string): Promise<{ names: string[]; text(name: string): Promise<string>; bytes(name: string): Promise<Buffer> }> {
  const listing = (await run('/usr/bin/unzip', ['-Z1', file])).stdout;
  const names = listing.split('\n').filter(Boolean);
  // `unzip -l` too, as people would check it: it must list every file.
  const long = (await run('/usr/bin/unzip', ['-l', file])).stdout;
  for (const name of names) expect(long).toContain(name);
  const bytes = async (name: string) => (await run('/usr/bin/unzip', ['-p', file, name], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout as unknown as Buffer;
  return { names, bytes, text: async (name) => (await bytes(name)).toString('utf8') };
}

describe.each(BACKENDS)('personal data export: %s', (kind) => {
  const env: Record<string, string> = { WORKER_POLL_INTERVAL_MS: '200', JOBS_SCHEMA: `jobs_${randomBytes(5).toString('hex')}` };
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-privacy-'));
    env.DATA_DIR = dir;
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const h = harness(kind, env);
  const as = <T>(person: SignedIn, method: string, url: string, body?: unknown) => h.api.call<T>(method, url, { token: person.accessToken, ...(body !== undefined ? { body } : {}) });

  let alice: SignedIn;
  let bob: SignedIn;
  let png: Buffer;

  /** Everything a person can leave behind, marked with their name so the other's archive can be searched for it. */
  async function seed(person: SignedIn, mark: string, boardId: string, pipelineId: string, calendarId: string, day: string) {
    const projectId = h.projectId;
    const request = await as<{ id: string }>(person, 'POST', '/api/requests', { projectId, type: 'design-change', title: `${mark} request` });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    expect((await as(person, 'POST', `/api/requests/${request.body.data.id}/comments`, { body: `${mark} request comment` })).status).toBe(201);
    const card = await as<{ id: string }>(person, 'POST', '/api/tasks', { projectId, boardId, title: `${mark} card` });
    expect(card.status, JSON.stringify(card.body)).toBe(201);
    expect((await as(person, 'POST', `/api/tasks/${card.body.data.id}/comments`, { body: `${mark} card comment` })).status).toBe(201);
    const event = await as(person, 'POST', '/api/calendar/events', { projectId, calendarId, title: `${mark} event`, channel: 'youtube', start: `${day}T10:00:00Z`, end: `${day}T11:00:00Z` });
    expect(event.status, JSON.stringify(event.body)).toBe(201);
    const video = await as<{ id: string }>(h.owner, 'POST', '/api/video', { projectId, pipelineId, title: `Video for ${mark}` });
    expect(video.status, JSON.stringify(video.body)).toBe(201);
    const vote = await as(person, 'POST', '/api/rlhf/vote', { itemId: video.body.data.id, rating: 4, feedback: `${mark} vote feedback` });
    expect(vote.status, JSON.stringify(vote.body)).toBeLessThan(300);
    // A card the owner assigns to them: a notification in their inbox.
    expect((await as(h.owner, 'POST', '/api/tasks', { projectId, boardId, title: `Owner card for ${mark}`, assignees: [person.userId] })).status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `${mark}.png`);
    const uploaded = await fetch(`${h.app.url}/api/projects/${projectId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${person.accessToken}` }, body: form });
    expect(uploaded.status).toBe(201);
    const account = await as(person, 'POST', `/api/testing/accounts?projectId=${projectId}`, { service: `${mark} service`, username: `${mark.toLowerCase()}@example.com`, password: VAULT_PASSWORD });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    // A question to the project's knowledge documents (no model here: an extractive answer), streamed as SSE.
    const chat = await fetch(`${h.app.url}/api/chat/message`, { method: 'POST', headers: { authorization: `Bearer ${person.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ projectId, message: `${mark} chat question` }) });
    expect(chat.status).toBe(200);
    await chat.text();
    const notified = async () => (await as<{ items: { event: { data: { title?: string } } }[] }>(person, 'GET', '/api/notifications')).body.data.items.some((n) => n.event.data.title === `Owner card for ${mark}`);
    await within(until(notified), POLL.timeout, `${mark}'s notification`);
  }

  async function exported(person: SignedIn, id: string): Promise<ExportView> {
    let view: ExportView | undefined;
    await expect
      .poll(async () => {
        view = (await as<ExportView>(person, 'GET', `/api/me/exports/${id}`)).body.data;
        return view.status;
      }, POLL)
      .toMatch(/^(ready|failed)$/);
    return view!;
  }

  async function downloadArchive(person: SignedIn, view: ExportView): Promise<string> {
    const link = await as<{ url: string }>(person, 'GET', view.downloadPath!);
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const file = await fetch(link.body.data.url);
    expect(file.status).toBe(200);
    const target = path.join(dir, `${view.id}.zip`);
    fs.writeFileSync(target, Buffer.from(await file.arrayBuffer()));
    return target;
  }

  beforeAll(async () => {
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 90, b: 200 } } }).png().toBuffer();
    alice = await h.member('editor');
    bob = await h.member('editor');
    const boardId = (await h.createBoard('Launch')).split(':')[2]!;
    const doc = (kind: string, title: string) => h.api.call<{ name: string }>('POST', `/api/projects/${h.projectId}/documents`, { token: h.owner.accessToken, body: { kind, title } });
    const pipelineId = (await doc('pipeline', 'Pipeline')).body.data.name.split(':')[2]!;
    const calendarId = (await doc('calendar', 'Calendar')).body.data.name.split(':')[2]!;
    // One slot on one channel: Bob's event clashes with Alice's, and the clash (his change) names hers.
    await seed(alice, 'Alice', boardId, pipelineId, calendarId, '2026-07-01');
    await seed(bob, 'Bob', boardId, pipelineId, calendarId, '2026-07-01');
  }, 120_000);

  let aliceExport: ExportView;

  it('asked twice (even at once) is one export and one job; built by the worker with progress to 100', async () => {
    const [first, second] = await Promise.all([as<ExportView>(alice, 'POST', '/api/me/export'), as<ExportView>(alice, 'POST', '/api/me/export')]);
    expect([first.status, second.status].sort()).toEqual([200, 202]);
    expect(first.body.data.id).toBe(second.body.data.id);
    const third = await as<ExportView>(alice, 'POST', '/api/me/export');
    if (third.body.data.status === 'pending' || third.body.data.status === 'running') expect(third.body.data.id).toBe(first.body.data.id);
    const { rows } = await h.app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${env.JOBS_SCHEMA}.job WHERE name = 'privacy.build-export' AND data->>'exportId' = $1`, [first.body.data.id]);
    expect(rows[0]!.n).toBe(1);

    aliceExport = await exported(alice, first.body.data.id);
    expect(aliceExport).toMatchObject({ status: 'ready', progress: 100, downloadPath: `/api/me/exports/${first.body.data.id}/download` });
    expect(Date.parse(aliceExport.expiresAt!) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(aliceExport.size).toBeGreaterThan(0);
  });

  it('holds each kind of data about the person, their files, and nothing of anyone else nor any secret', async () => {
    const zip = await readZip(await downloadArchive(alice, aliceExport));
    for (const name of ['README.txt', 'profile.json', 'sessions.json', 'memberships.json', 'settings.json', 'audit.json', 'notifications.json', 'votes.json', 'requests.json', 'activity.json', 'analytics.json', 'test-accounts.json', 'document-entries.json', 'knowledge.json', 'uploads.json']) {
      expect(zip.names).toContain(name);
    }
    const json = async (name: string) => JSON.parse(await zip.text(name)) as Record<string, unknown>[];
    expect(await json('profile.json')).toContainEqual(expect.objectContaining({ kind: 'user', id: alice.userId, email: alice.email }));
    expect((await json('sessions.json')).length).toBeGreaterThan(0);
    expect(await json('memberships.json')).toEqual([expect.objectContaining({ project_id: h.projectId, role: 'editor' })]);
    const audit = await json('audit.json');
    expect(audit).toContainEqual(expect.objectContaining({ action: 'auth.sign_in', by_them: true }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'member.added', target: alice.userId, by_them: false }));
    expect(audit).toContainEqual(expect.objectContaining({ action: 'privacy.export_requested' }));
    expect((await json('notifications.json')).map((n) => (n.event_data as { title?: string }).title)).toContain('Owner card for Alice');
    const chats = await json('knowledge.json');
    expect(chats.filter((row) => row.kind === 'chat-message' && row.role === 'user').map((row) => row.content)).toEqual(['Alice chat question']);
    const votes = await json('votes.json');
    expect(votes).toContainEqual(expect.objectContaining({ kind: 'current', rating: 4, feedback: 'Alice vote feedback' }));
    expect(votes).toContainEqual(expect.objectContaining({ kind: 'history', feedback: 'Alice vote feedback' }));
    const requests = await json('requests.json');
    expect(requests).toContainEqual(expect.objectContaining({ kind: 'request', title: 'Alice request' }));
    expect(requests).toContainEqual(expect.objectContaining({ kind: 'comment', body: 'Alice request comment' }));
    const entries = await json('document-entries.json');
    const entry = (collection: string, field: string, value: string) => entries.some((e) => e.collection === collection && (e.data as Record<string, unknown>)[field] === value);
    expect(entry('cards', 'title', 'Alice card')).toBe(true);
    expect(entry('comments', 'body', 'Alice card comment')).toBe(true);
    expect(entry('events', 'title', 'Alice event')).toBe(true);
    expect((await json('activity.json')).map((e) => e.type)).toEqual(expect.arrayContaining(['task.created', 'task.commented', 'event.scheduled']));
    expect(await json('test-accounts.json')).toEqual([expect.objectContaining({ service: 'Alice service' })]);
    const uploads = await json('uploads.json');
    expect(uploads).toEqual([expect.objectContaining({ name: 'Alice.png', notIncluded: null })]);
    expect((await zip.bytes(String(uploads[0]!.file))).equals(png)).toBe(true);

    const everything = (await Promise.all(zip.names.filter((n) => !n.startsWith('files/')).map((n) => zip.text(n)))).join('\n');
    // Bob's votes, requests, cards, comments, events, notifications, files and accounts: none of it.
    for (const theirs of ['Bob ', 'Bob.png', 'Owner card for Bob', bob.userId, bob.email]) expect(everything).not.toContain(theirs);
    expect(zip.names.some((n) => n.includes('Bob'))).toBe(false);
    // Secrets: the vault's password, refresh tokens and their hashes, key hashes, sealed blobs.
    for (const secret of [VAULT_PASSWORD, alice.refreshToken, 'token_hash', 'key_hash', 'sealed_secrets', 'wrapped_key', 'refresh_token']) expect(everything).not.toContain(secret);
  });

  it("another person's export id is not found, to read and to download; bad ids are 404 too; API keys have no exports", async () => {
    expect((await as(bob, 'GET', `/api/me/exports/${aliceExport.id}`)).status).toBe(404);
    expect((await as(bob, 'GET', `/api/me/exports/${aliceExport.id}/download`)).status).toBe(404);
    expect((await as<ExportView[]>(bob, 'GET', '/api/me/exports')).body.data.map((e) => e.id)).not.toContain(aliceExport.id);
    for (const bad of ['nope', 'x'.repeat(5_000), '%00', randomUUID()]) {
      const reply = await as<unknown>(alice, 'GET', `/api/me/exports/${encodeURIComponent(bad)}`);
      expect([404, 414, 431]).toContain(reply.status);
    }
    expect((await h.api.call('POST', '/api/me/export')).status).toBe(401);
    const key = await as<{ secret: string }>(h.owner, 'POST', `/api/projects/${h.projectId}/api-keys`, { name: 'ci', role: 'editor' });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    const byKey = await h.api.call<unknown>('POST', '/api/me/export', { token: key.body.data.secret });
    expect(byKey.status).toBe(403);
  });

  it("bob's own export holds his data and none of alice's", async () => {
    const asked = await as<ExportView>(bob, 'POST', '/api/me/export');
    expect(asked.status).toBe(202);
    const view = await exported(bob, asked.body.data.id);
    expect(view.status).toBe('ready');
    const zip = await readZip(await downloadArchive(bob, view));
    const everything = (await Promise.all(zip.names.filter((n) => !n.startsWith('files/')).map((n) => zip.text(n)))).join('\n');
    for (const mine of ['Bob request', 'Bob card comment', 'Bob vote feedback', 'Owner card for Bob', 'Bob.png']) expect(everything).toContain(mine);
    expect((JSON.parse(await zip.text('activity.json')) as { type: string }[]).map((e) => e.type)).toContain('event.conflicting');
    for (const theirs of ['Alice ', 'Alice.png', alice.userId, alice.email]) expect(everything).not.toContain(theirs);
  });

  it('past its expiry the link answers 404, and the sweep deletes the archive', async () => {
    const { rows } = await h.app.db.query<{ storage_key: string }>('SELECT storage_key FROM data_exports WHERE id = $1', [aliceExport.id]);
    const key = rows[0]!.storage_key;
    const store = new LocalBlobStore(path.join(dir, 'blobs'), APP_SECRET, () => h.app.url);
    expect(await store.head(key)).not.toBeNull();
    await h.app.db.query(`UPDATE data_exports SET expires_at = now() - interval '1 minute' WHERE id = $1`, [aliceExport.id]);
    expect((await as(alice, 'GET', `/api/me/exports/${aliceExport.id}/download`)).status).toBe(404);
    expect((await as<ExportView>(alice, 'GET', `/api/me/exports/${aliceExport.id}`)).body.data).toMatchObject({ status: 'expired', downloadPath: null });

    expect(await expireOldExports({ db: h.app.db, blobs: store, logger: silentLogger })).toBeGreaterThanOrEqual(1);
    expect(await store.head(key)).toBeNull();
    expect((await as(alice, 'GET', `/api/me/exports/${aliceExport.id}/download`)).status).toBe(404);
    // A new export may be asked for once the last one is done.
    const again = await as<ExportView>(alice, 'POST', '/api/me/export');
    expect(again.status).toBe(202);
    expect(again.body.data.id).not.toBe(aliceExport.id);
    await exported(alice, again.body.data.id);
  });

  it('a build that fails for good marks the export failed (nothing to download), and a new one can be asked for', async () => {
    const carol = await h.member('viewer');
    // Not queued: this test runs the job itself, against a store whose directory is a file.
    const stored = await insertExport(h.app.db, carol.userId);
    const notADirectory = path.join(dir, 'not-a-directory');
    fs.writeFileSync(notADirectory, 'x');
    const job = buildExportJob({ blobs: new LocalBlobStore(notADirectory, APP_SECRET, () => h.app.url), linkDays: 7, maxFileBytes: 1_000_000 });
    const context = { db: h.app.db, logger: silentLogger, jobId: randomUUID(), enqueue: async () => null };
    await expect(job.handle({ exportId: stored!.id }, { ...context, retryCount: 0 })).rejects.toThrow();
    expect((await as<ExportView>(carol, 'GET', `/api/me/exports/${stored!.id}`)).body.data.status).toBe('running');
    await expect(job.handle({ exportId: stored!.id }, { ...context, retryCount: job.retry.limit })).rejects.toThrow();
    const failed = await as<ExportView & { error: string }>(carol, 'GET', `/api/me/exports/${stored!.id}`);
    expect(failed.body.data).toMatchObject({ status: 'failed', downloadPath: null });
    // Said in words for the person; the cause (a path here) is only logged.
    expect(failed.body.data.error).toMatch(/could not be built/);
    expect(failed.body.data.error).not.toContain(dir);
    const download = await as<unknown>(carol, 'GET', `/api/me/exports/${stored!.id}/download`);
    expect([download.status, download.body.error?.code]).toEqual([409, 'EXPORT_NOT_READY']);
    const again = await as<ExportView>(carol, 'POST', '/api/me/export');
    expect(again.status).toBe(202);
    expect((await exported(carol, again.body.data.id)).status).toBe('ready');
  });
});
