import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { pruneAnalytics } from '../operations/analytics/prune-analytics.js';
import { rollUpNow } from './helpers/analytics.js';
import { startTestApp } from './helpers/app.js';
import { type Reply, type SignedIn, client } from './helpers/client.js';
import { harness } from './helpers/collab-harness.js';
import { BACKENDS } from './helpers/databases.js';

interface Series {
  source: string;
  name: string;
  total: number;
  points: { bucketStart: string; events: number; users: number }[];
}
interface Engagement {
  activePeople: number;
  series: Series[];
}

const DAY = 24 * 3_600_000;

function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body.error?.code).toBe(code);
}

const seriesOf = (engagement: Engagement, source: string, name: string) => engagement.series.find((series) => series.source === source && series.name === name);

describe.each(BACKENDS)('usage analytics: %s', (kind) => {
  const h = harness(kind);
  const as = (person: SignedIn) => ({
    call: <T>(method: string, path: string, options: Parameters<typeof h.api.call>[2] = {}) => h.api.call<T>(method, path, { token: person.accessToken, ...options }),
  });
  async function newProject(): Promise<string> {
    return (await as(h.owner).call<{ id: string }>('POST', '/api/projects', { body: { name: 'Analytics' } })).body.data.id;
  }
  const report = (person: SignedIn, projectId: string, events: unknown[]) => as(person).call<{ accepted: number }>('POST', '/api/analytics/events', { body: { projectId, events } });
  const engagement = async (projectId: string, query = '') => {
    const reply = await as(h.owner).call<Engagement>('GET', `/api/analytics/user-engagement?projectId=${projectId}${query}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return reply.body.data;
  };
  const csvImport = (person: SignedIn, projectId: string, csv: string) =>
    as(person).call<{ imported: number }>('POST', `/api/analytics/import?projectId=${projectId}`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });

  it('counts what members report and what they change per hour and day, the same however often the rollup runs', async () => {
    const projectId = await newProject();
    const viewer = await h.api.signIn();
    expect((await as(h.owner).call('POST', `/api/projects/${projectId}/members`, { body: { email: viewer.email, role: 'viewer' } })).status).toBe(201);
    const accepted = await report(h.owner, projectId, [{ name: 'page.viewed', properties: { page: 'board' } }, { name: 'page.viewed' }, { name: 'board.filter-used', properties: { label: 'urgent', count: 2, on: true } }]);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body.data.accepted).toBe(3);
    // A viewer reports their own use too; a time a client buffered offline an hour ago lands in its hour.
    const hourAgo = new Date(Date.now() - 3_600_000);
    expect((await report(viewer, projectId, [{ name: 'page.viewed', occurredAt: hourAgo.toISOString() }])).status).toBe(202);
    // A document change reaches analytics through the change feed, not a second copy.
    const board = await as(h.owner).call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { body: { kind: 'kanban', title: 'Counted' } });
    const boardId = board.body.data.name.split(':')[2];
    expect((await as(h.owner).call('POST', '/api/tasks', { body: { projectId, boardId, title: 'A counted card', columnId: 'todo' } })).status).toBe(201);

    const before = await engagement(projectId);
    expect(before.series).toEqual([]);
    await rollUpNow(h.app);
    const daily = await engagement(projectId);
    expect(seriesOf(daily, 'client', 'page.viewed')?.total).toBe(3);
    expect(seriesOf(daily, 'client', 'board.filter-used')?.total).toBe(1);
    expect(seriesOf(daily, 'feed', 'task.created')?.total).toBe(1);
    expect(daily.activePeople).toBe(2);
    const viewed = seriesOf(daily, 'client', 'page.viewed')!;
    expect(viewed.points.reduce((sum, point) => sum + point.users, 0)).toBeGreaterThanOrEqual(2);

    const hourly = await engagement(projectId, `&granularity=hour&from=${new Date(Date.now() - 3 * 3_600_000).toISOString()}&sources=client`);
    expect(hourly.series.every((series) => series.source === 'client')).toBe(true);
    const hours = seriesOf(hourly, 'client', 'page.viewed')!.points;
    expect(hours.map((point) => point.events).reduce((a, b) => a + b)).toBe(3);
    expect(hours.some((point) => new Date(point.bucketStart).getTime() === Math.floor(hourAgo.getTime() / 3_600_000) * 3_600_000 && point.events >= 1)).toBe(true);

    // Again, and again after a late event: recomputed, never added twice.
    await rollUpNow(h.app);
    expect(seriesOf(await engagement(projectId), 'client', 'page.viewed')?.total).toBe(3);
    await report(viewer, projectId, [{ name: 'page.viewed' }]);
    await rollUpNow(h.app);
    expect(seriesOf(await engagement(projectId), 'client', 'page.viewed')?.total).toBe(4);

    const overview = await as(viewer).call<{ current: { events: number; edits: number; activePeople: number }; daily: { events: number }[]; top: { name: string }[] }>('GET', `/api/dashboard/overview?projectId=${projectId}&days=7`);
    expect(overview.status).toBe(200);
    expect(overview.body.data.current).toEqual({ events: 6, edits: 1, activePeople: 2 });
    expect(overview.body.data.daily).toHaveLength(7);
    // The event buffered an hour ago lands on yesterday when the test runs just after midnight UTC.
    expect(overview.body.data.daily.reduce((sum, day) => sum + day.events, 0)).toBe(6);
    expect(overview.body.data.daily.at(-1)!.events).toBeGreaterThanOrEqual(5);
    expect(overview.body.data.top[0]!.name).toBe('page.viewed');
  });

  it('refuses malformed, oversized and implausible events, and non-members, storing nothing of a refused batch', async () => {
    const projectId = await newProject();
    const stranger = await h.api.signIn();
    expectError(await report(stranger, projectId, [{ name: 'page.viewed' }]), 404, 'NOT_FOUND');
    const bad: unknown[][] = [
      [{ name: 'Page Viewed' }],
      [{ name: '=cmd|calc' }],
      [{ name: 'a'.repeat(65) }],
      [{ name: 'page.viewed', properties: { note: 'x'.repeat(5_000) } }],
      [{ name: 'page.viewed', properties: { note: 'nul\u0000byte' } }],
      [{ name: 'page.viewed', properties: { 'bad key': 1 } }],
      [{ name: 'page.viewed', properties: { nested: { deep: true } } }],
      [{ name: 'page.viewed', properties: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i])) }],
      [{ name: 'page.viewed', occurredAt: new Date(Date.now() - 8 * DAY).toISOString() }],
      [{ name: 'page.viewed', occurredAt: new Date(Date.now() + DAY).toISOString() }],
      [{ name: 'page.viewed', extra: true }],
      Array.from({ length: 101 }, () => ({ name: 'page.viewed' })),
      [],
    ];
    for (const events of bad) expectError(await report(h.owner, projectId, [{ name: 'fine.event' }, ...events].slice(events.length === 0 ? 1 : 0)), 422, 'VALIDATION_FAILED');
    await rollUpNow(h.app);
    expect((await engagement(projectId)).series).toEqual([]);
    expectError(await as(h.owner).call('GET', `/api/analytics/user-engagement?projectId=${projectId}&granularity=hour&from=${new Date(Date.now() - 40 * DAY).toISOString()}`), 422, 'VALIDATION_FAILED');
    expectError(await as(h.owner).call('GET', `/api/analytics/user-engagement?projectId=${projectId}&sources=client,bogus`), 422, 'VALIDATION_FAILED');
  });

  it('exports raw events as streamed CSV and JSON to owners and admins only, and imports a CSV whole or not at all', async () => {
    const projectId = await newProject();
    expect((await report(h.owner, projectId, [{ name: 'page.viewed', properties: { page: 'calendar' } }, { name: 'export.clicked' }])).status).toBe(202);
    const csv = await fetch(`${h.app.url}/api/analytics/export?projectId=${projectId}&format=csv`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('id,occurred_at,received_at,source,name,user_id,properties');
    expect(lines.slice(1).map((line) => line.split(',')[4])).toEqual(['page.viewed', 'export.clicked']);
    expect(lines[1]).toContain(h.owner.userId);
    const json = await fetch(`${h.app.url}/api/analytics/export?projectId=${projectId}&format=json`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    const rows = (await json.json()) as { name: string; properties: Record<string, unknown> }[];
    expect(rows.map((row) => row.name)).toEqual(['page.viewed', 'export.clicked']);
    expect(rows[0]!.properties).toEqual({ page: 'calendar' });

    // The dashboard as a PDF report: its numbers and names as text, and a chart drawn on the page.
    await rollUpNow(h.app);
    const pdf = await fetch(`${h.app.url}/api/analytics/export?projectId=${projectId}&format=pdf&days=14`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
    expect(text).toContain('Analytics');
    expect(text).toContain('last 14 days');
    expect(text).toMatch(/Events\s*2/);
    expect(text).toContain('export.clicked');
    fs.mkdirSync('test-artifacts', { recursive: true });
    const pdfPath = path.resolve(`test-artifacts/analytics-report-${kind}.pdf`);
    fs.writeFileSync(pdfPath, bytes);
    await promisify(execFile)('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', '-singlefile', pdfPath, pdfPath.replace(/\.pdf$/, '')]);
    expect(fs.statSync(pdfPath.replace(/\.pdf$/, '.png')).size).toBeGreaterThan(5_000);

    const editor = await h.api.signIn();
    expect((await as(h.owner).call('POST', `/api/projects/${projectId}/members`, { body: { email: editor.email, role: 'editor' } })).status).toBe(201);
    expectError(await as(editor).call('GET', `/api/analytics/export?projectId=${projectId}`), 403, 'FORBIDDEN');
    expectError(await as(editor).call('GET', `/api/analytics/export?projectId=${projectId}&format=pdf`), 403, 'FORBIDDEN');
    expectError(await csvImport(editor, projectId, 'occurred_at,name\n'), 403, 'FORBIDDEN');

    const day = (back: number) => new Date(Date.now() - back * DAY).toISOString();
    const imported = await csvImport(h.owner, projectId, `occurred_at,name,channel\n${day(3)},visit.landing,newsletter\n${day(3)},visit.landing,\n${day(2)},visit.signup,social\n`);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.data.imported).toBe(3);
    const landing = seriesOf(await engagement(projectId, '&sources=import'), 'import', 'visit.landing');
    expect(landing?.total).toBe(2);

    // One bad row refuses the file: nothing of it is stored, and the rows at fault are named.
    const refused = await csvImport(h.owner, projectId, `occurred_at,name\n${day(1)},visit.landing\nyesterday,visit.landing\n${day(1)},Not A Name\n${day(200)},visit.old\n`);
    expectError(refused, 422, 'VALIDATION_FAILED');
    expect(JSON.stringify(refused.body.error?.details)).toContain('3');
    expectError(await csvImport(h.owner, projectId, 'when,what\n2026-01-01,x\n'), 422, 'VALIDATION_FAILED');
    expectError(await csvImport(h.owner, projectId, `occurred_at,name\n"${day(1)},visit.x\n`), 422, 'VALIDATION_FAILED');
    expectError(await as(h.owner).call('POST', `/api/analytics/import?projectId=${projectId}`, { body: { occurred_at: day(1), name: 'x' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(seriesOf(await engagement(projectId, '&sources=import'), 'import', 'visit.landing')?.total).toBe(2);
    const all = await fetch(`${h.app.url}/api/analytics/export?projectId=${projectId}&format=json`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    expect(((await all.json()) as unknown[]).length).toBe(5);
  });

  it('answers the seed’s dashboard names and lists recent activities newest first, paged, with names', async () => {
    const projectId = await newProject();
    const board = await as(h.owner).call<{ name: string }>('POST', `/api/projects/${projectId}/documents`, { body: { kind: 'kanban', title: 'Active' } });
    const boardId = board.body.data.name.split(':')[2];
    for (const title of ['First', 'Second', 'Third']) expect((await as(h.owner).call('POST', '/api/tasks', { body: { projectId, boardId, title, columnId: 'todo' } })).status).toBe(201);
    await report(h.owner, projectId, [{ name: 'page.viewed' }]);
    await rollUpNow(h.app);

    const content = await as(h.owner).call<Engagement>('GET', `/api/echo/metrics/content-performance?projectId=${projectId}`);
    expect(content.body.data.series.map((series) => `${series.source}:${series.name}:${series.total}`)).toEqual(['feed:task.created:3']);
    expect((await as(h.owner).call<Engagement>('GET', `/api/analytics/content-metrics?projectId=${projectId}`)).body.data.series).toHaveLength(1);
    const behaviour = await as(h.owner).call<Engagement>('GET', `/api/metrics/user-behavior?projectId=${projectId}`);
    expect(behaviour.body.data.series.map((series) => series.name)).toEqual(['page.viewed']);
    expect((await as(h.owner).call<Engagement>('GET', `/api/echo/metrics/engagement?projectId=${projectId}`)).body.data.series).toHaveLength(2);
    expect((await as(h.owner).call<{ current: { edits: number } }>('GET', `/api/metrics/performance?projectId=${projectId}`)).body.data.current.edits).toBe(3);

    const first = await as(h.owner).call<{ items: { type: string; actorName: string; data: { title?: string } }[]; next: string | null }>('GET', `/api/recent-activities?projectId=${projectId}&limit=2`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data.items.map((item) => item.data.title)).toEqual(['Third', 'Second']);
    expect(first.body.data.items[0]!.actorName).toBe('Owner Person');
    const second = await as(h.owner).call<{ items: { data: { title?: string } }[]; next: string | null }>('GET', `/api/recent-activities?projectId=${projectId}&limit=2&before=${first.body.data.next}`);
    expect(second.body.data.items.map((item) => item.data.title)).toEqual(['First']);
    expect(second.body.data.next).toBeNull();

    const stranger = await h.api.signIn();
    expectError(await as(stranger).call('GET', `/api/recent-activities?projectId=${projectId}`), 404, 'NOT_FOUND');
    expectError(await as(h.owner).call('GET', `/api/recent-activities?projectId=${projectId}&before=99999999999999999999`), 422, 'VALIDATION_FAILED');
    expectError(await as(h.owner).call('GET', `/api/recent-activities?projectId=${projectId}&limit=0`), 422, 'VALIDATION_FAILED');
  });

  it('exports every event once across pages, however finely their times differ', async () => {
    const projectId = await newProject();
    // Microseconds apart, as now() writes them: a page cursor kept in milliseconds would repeat a row per page.
    await h.app.db.query(
      `INSERT INTO analytics_events (project_id, source, name, occurred_at)
       SELECT $1, 'import', 'page.viewed', now() - make_interval(secs => g * 0.000137) FROM generate_series(1, 2500) AS g`,
      [projectId],
    );
    const reply = await fetch(`${h.app.url}/api/analytics/export?projectId=${projectId}&format=json`, { headers: { authorization: `Bearer ${h.owner.accessToken}` } });
    const rows = (await reply.json()) as { id: string; occurredAt: string }[];
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2500);
    const times = rows.map((row) => Date.parse(row.occurredAt));
    expect(times.every((time, index) => index === 0 || time >= times[index - 1]!)).toBe(true);
  });

  it('removes raw events and hourly rollups past their retention and keeps two years of daily rollups', async () => {
    const projectId = await newProject();
    const at = (daysBack: number) => new Date(Date.now() - daysBack * DAY);
    for (const daysBack of [1, 100, 800]) {
      await h.app.db.query(`INSERT INTO analytics_events (project_id, source, name, occurred_at) VALUES ($1, 'import', 'old.visit', $2)`, [projectId, at(daysBack)]);
      for (const granularity of ['hour', 'day']) {
        await h.app.db.query(`INSERT INTO analytics_rollups (project_id, granularity, bucket_start, source, name, events, users) VALUES ($1, $2, $3, 'import', 'old.visit', 1, 0)`, [projectId, granularity, at(daysBack)]);
      }
    }
    await pruneAnalytics(h.app.db, { rawRetentionDays: 90, rollupRetentionDays: 730 });
    const left = await h.app.db.query<{ kind: string; age: number }>(
      `SELECT 'event' AS kind, round(extract(epoch FROM now() - occurred_at) / 86400)::int AS age FROM analytics_events WHERE project_id = $1
       UNION ALL SELECT granularity, round(extract(epoch FROM now() - bucket_start) / 86400)::int FROM analytics_rollups WHERE project_id = $1 ORDER BY 1, 2`,
      [projectId],
    );
    expect(left.rows.map((row) => `${row.kind}:${row.age}`)).toEqual(['day:1', 'day:100', 'event:1', 'hour:1']);
  });
});

describe('usage analytics under a flood', () => {
  it('answers 429 past the per-person event budget while the rest of the API still answers', async () => {
    const app = await startTestApp('pglite', { AUTH_DEV_LOGIN: 'true', ANALYTICS_EVENTS_PER_MINUTE: '3' });
    try {
      const api = client(app.url);
      const me = await api.signIn();
      const projectId = (await api.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'Flood' } })).body.data.id;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await api.call('POST', '/api/analytics/events', { token: me.accessToken, body: { projectId, events: [{ name: 'page.viewed' }] } })).status);
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      expect((await api.call('GET', `/api/projects/${projectId}`, { token: me.accessToken })).status).toBe(200);
      // Someone else's budget is their own.
      const other = await api.signIn();
      await api.call('POST', `/api/projects/${projectId}/members`, { token: me.accessToken, body: { email: other.email, role: 'viewer' } });
      expect((await api.call('POST', '/api/analytics/events', { token: other.accessToken, body: { projectId, events: [{ name: 'page.viewed' }] } })).status).toBe(202);
    } finally {
      await app.stop();
    }
  });
});
