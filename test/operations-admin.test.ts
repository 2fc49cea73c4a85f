import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, readBoard } from '../documents/kanban/board.js';
import { grantInstanceAdmin } from '../identity/instance-admins.js';
import { type TestApp, startTestApp } from './helpers/app.js';
import { client, type SignedIn } from './helpers/client.js';
import { BACKENDS } from './helpers/databases.js';
import { createDocument } from './helpers/documents.js';
import { connectProvider } from './helpers/provider.js';

const POLL = { timeout: 10_000, interval: 50 };
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** The value of a metric's sample with exactly these labels (a subset match), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

/**
 * What the people running an installation get: Prometheus metrics behind a token, and admin routes
 * for instance admins only (granted from the command line), every use and refusal audited.
 */
describe.each(BACKENDS)('operations: metrics and instance admins: %s', (kind) => {
  let app: TestApp;
  let api: ReturnType<typeof client>;
  let owner: SignedIn;
  let projectId: string;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { METRICS_TOKEN });
    api = client(app.url);
    owner = await api.signIn();
    projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: owner.accessToken, body: { name: 'Ops' } })).body.data.id;
  });
  afterAll(async () => {
    cleanups.forEach((cleanup) => cleanup());
    await app.stop();
  });

  const scrape = async () => {
    const response = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    return response.text();
  };

  it('serves /metrics only with its token', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcd' } })).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${owner.accessToken}` } })).status).toBe(401);
    const text = await scrape();
    expect(text).toContain('studio_process_resident_memory_bytes');
    expect(text).toContain('# TYPE studio_http_request_duration_seconds histogram');
  });

  it('counts what the engine does: documents, connections, committed updates, requests by route, socket closes', async () => {
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban');
    const provider = connectProvider(app.wsUrl, board.name, owner.accessToken);
    cleanups.push(() => provider.destroy());
    await provider.synced;
    const before = sample(await scrape(), 'studio_document_updates_total') ?? 0;
    for (let i = 0; i < 5; i++) addCard(provider.doc, { id: `m${i}`, columnId: 'todo', title: `Metric ${i}` });
    await expect.poll(() => provider.saved.saved, POLL).toBe(true);
    const text = await scrape();
    expect(sample(text, 'studio_document_updates_total')).toBeGreaterThanOrEqual(before + 1);
    expect(sample(text, 'studio_loaded_documents')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'studio_collab_connections')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'studio_update_log_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'studio_update_log_commit_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'studio_unsaved_updates')).toBe(0);
    // Routes by template, never by id.
    expect(sample(text, 'studio_http_request_duration_seconds_count', { route: '/api/projects/:id/documents', method: 'POST', status: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(projectId);
    expect(text).toMatch(/studio_job_queue_jobs\{queue="[^"]+",state="queued"\}/);

    // A socket we close for breaking a rule is counted under our reason.
    const rude = connectProvider(app.wsUrl, board.name, owner.accessToken);
    cleanups.push(() => rude.destroy());
    await rude.synced;
    rude.websocketProvider.send(new Uint8Array([0xff, 0xff, 0xff]));
    await expect.poll(() => rude.socketCloses[0], POLL).toBe(4400);
    await expect.poll(async () => sample(await scrape(), 'studio_collab_socket_closes_total', { code: '4400', reason: 'malformed-message' }) ?? 0, POLL).toBeGreaterThanOrEqual(1);
  });

  it('keeps /api/admin to instance admins; they list loaded documents, force a snapshot, evict one, read the queues; all audited', async () => {
    const board = await createDocument(api, owner.accessToken, projectId, 'kanban', { title: 'Admin board' });
    const browser = connectProvider(app.wsUrl, board.name, owner.accessToken);
    cleanups.push(() => browser.destroy());
    await browser.synced;
    for (let i = 0; i < 20; i++) addCard(browser.doc, { id: `a${i}`, columnId: 'todo', title: `Card ${i}` });
    await expect.poll(() => browser.saved.saved, POLL).toBe(true);

    // A project owner is not an instance admin; nor is an API key.
    const refused = await api.call('GET', '/api/admin/documents', { token: owner.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('FORBIDDEN');
    const key = await api.call<{ secret: string }>('POST', `/api/projects/${projectId}/api-keys`, { token: owner.accessToken, body: { name: 'ops', role: 'admin' } });
    expect((await api.call('GET', '/api/admin/queues', { token: key.body.data.secret })).status).toBe(403);
    const refusals = await app.db.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'admin.refused'");
    expect(Number(refusals.rows[0]!.n)).toBeGreaterThanOrEqual(2);

    // Granted (as `npm run admin -- grant` does): the same person may now.
    expect(await grantInstanceAdmin(app.db, owner.email, 'test')).toBe(true);
    const loaded = await api.call<{ name: string; stateBytes: number; connections: number }[]>('GET', '/api/admin/documents', { token: owner.accessToken });
    expect(loaded.status).toBe(200);
    const entry = loaded.body.data.find((document) => document.name === board.name);
    expect(entry?.connections).toBeGreaterThanOrEqual(1);
    expect(entry?.stateBytes).toBeGreaterThan(0);

    const tail = async () => Number((await app.db.query<{ n: string }>('SELECT count(*) AS n FROM document_updates WHERE document_name = $1', [board.name])).rows[0]!.n);
    expect(await tail()).toBeGreaterThan(0);
    const snapshot = await api.call<{ compacted: boolean }>('POST', `/api/admin/documents/${encodeURIComponent(board.name)}/snapshot`, { token: owner.accessToken });
    expect(snapshot.body.data.compacted).toBe(true);
    expect(await tail()).toBe(0);

    // Evicted: the browser is told to reconnect, loads it afresh, and nothing is lost.
    const evicted = await api.call<{ evicted: boolean }>('POST', `/api/admin/documents/${encodeURIComponent(board.name)}/evict`, { token: owner.accessToken });
    expect(evicted.body.data.evicted).toBe(true);
    expect(browser.socketCloses).toContain(1012);
    addCard(browser.doc, { id: 'after', columnId: 'done', title: 'After eviction' });
    await expect.poll(() => browser.saved.saved, POLL).toBe(true);
    const reader = connectProvider(app.wsUrl, board.name, owner.accessToken);
    cleanups.push(() => reader.destroy());
    await reader.synced;
    expect(readBoard(reader.doc).columns.flatMap((column) => column.cards.map((card) => card.id)).sort()).toEqual(readBoard(browser.doc).columns.flatMap((column) => column.cards.map((card) => card.id)).sort());
    expect(readBoard(reader.doc).columns.flatMap((column) => column.cards).length).toBe(21);
    // Evicting what is not loaded says so.
    const absent = await api.call<{ evicted: boolean }>('POST', `/api/admin/documents/${encodeURIComponent(`kanban:${projectId}:nothing-here`)}/evict`, { token: owner.accessToken });
    expect(absent.body.data.evicted).toBe(false);

    const queues = await api.call<{ name: string; queued: number }[]>('GET', '/api/admin/queues', { token: owner.accessToken });
    expect(queues.body.data.length).toBeGreaterThan(0);
    const audited = await app.db.query<{ action: string; target: string }>("SELECT action, target FROM audit_log WHERE action IN ('admin.document_snapshot', 'admin.document_evicted') ORDER BY id");
    expect(audited.rows.map((row) => row.action)).toEqual(['admin.document_snapshot', 'admin.document_evicted', 'admin.document_evicted']);
  });
});

describe('metrics off by default', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  });
  afterAll(async () => {
    await app.stop();
  });

  it('answers 404 at /metrics without a configured token', async () => {
    const response = await fetch(`${app.url}/metrics`);
    expect(response.status).toBe(404);
  });
});
