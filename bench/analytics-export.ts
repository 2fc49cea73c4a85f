/**
 * `npm run bench:export`: the analytics export's memory stays bounded however many events it
 * streams. Our server on a throwaway PostgreSQL database, N events written straight into
 * `analytics_events`, then `GET /api/analytics/export?format=csv` read to the end while the
 * server's resident memory is sampled every 20 ms.
 *   npm run bench:export -- [--events 1000000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startServer, stopServersOnSignals } from './lib/server-process.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, postgres: { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' } } });
const events = Number(values.events);
stopServersOnSignals();

const server = await startServer({ postgresUrl: values.postgres });
try {
  const signIn = await fetch(`${server.url}/auth/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench-export@example.com' }) });
  const { data: session } = (await signIn.json()) as { data: { accessToken: string; user: { id: string } } };
  const auth = { authorization: `Bearer ${session.accessToken}` };
  const created = await fetch(`${server.url}/api/projects`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Export bench' }) });
  const { data: project } = (await created.json()) as { data: { id: string } };

  const db = new pg.Client({ connectionString: server.databaseUrl });
  await db.connect();
  const writing = Date.now();
  await db.query(
    `INSERT INTO analytics_events (project_id, user_id, source, name, properties, occurred_at)
     SELECT $1, $2, 'client', CASE WHEN g % 3 = 0 THEN 'board.filter-used' ELSE 'page.viewed' END,
            jsonb_build_object('page', 'board', 'n', g), now() - make_interval(secs => g)
       FROM generate_series(1, $3::int) AS g`,
    [project.id, session.user.id, events],
  );
  await db.end();
  const writeSeconds = (Date.now() - writing) / 1000;

  const before = server.rssMiB();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssMiB())), 20);
  const started = Date.now();
  const response = await fetch(`${server.url}/api/analytics/export?projectId=${project.id}&format=csv`, { headers: auth });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const rows = lines - 1;
  if (response.status !== 200 || rows !== events) throw new Error(`export answered ${response.status} with ${rows} rows, expected ${events}`);

  const result = {
    when: new Date().toISOString(),
    events,
    exportedMiB: Math.round((bytes / 1024 / 1024) * 10) / 10,
    exportSeconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    rssBeforeMiB: Math.round(before),
    rssPeakMiB: Math.round(peak),
    rssGrowthMiB: Math.round(peak - before),
    writeSeconds: Math.round(writeSeconds * 10) / 10,
  };
  console.log(`\nAnalytics export of ${events.toLocaleString()} events (CSV, ${result.exportedMiB} MiB) in ${result.exportSeconds} s (${result.rowsPerSecond.toLocaleString()} rows/s)`);
  console.log(`server RSS: ${result.rssBeforeMiB} MiB before, ${result.rssPeakMiB} MiB at peak (+${result.rssGrowthMiB} MiB while streaming ${result.exportedMiB} MiB)`);
  const out = path.resolve('bench/results/analytics-export.json');
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), out)}`);
} finally {
  await server.stop();
}
