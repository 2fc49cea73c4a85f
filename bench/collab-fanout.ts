/**
 * Sync-engine benchmark (not a test): fan-out latency of N clients on one board, and durable
 * updates per second across many documents, against our server in its own process.
 *   npm run bench:collab -- [--clients 2,10,50] [--writers 0.1] [--rate 5] [--seconds 10] [--documents 20] [--postgres URL]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { addCard, updateCard } from '../documents/kanban/board.js';
import { client } from '../test/helpers/client.js';
import { type ConnectedProvider, connectProvider } from '../test/helpers/provider.js';
import { type RunningServer, pinSelf, startServer } from './lib/server-process.js';
import { percentile, round, table } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2,10,50' },
    writers: { type: 'string', default: '0.1' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    documents: { type: 'string', default: '20' },
    window: { type: 'string', default: '200' },
    postgres: { type: 'string' },
  },
});
const clientCounts = values.clients.split(',').map(Number);
const writerShare = Number(values.writers);
const ratePerWriter = Number(values.rate);
const seconds = Number(values.seconds);
const documentCount = Number(values.documents);
const inFlightWindow = Number(values.window);

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setUp(server: RunningServer) {
  const api = client(server.url);
  const me = await api.signIn('bench@example.com', 'Bench');
  const project = await api.call<{ id: string }>('POST', '/api/projects', { token: me.accessToken, body: { name: 'Bench' } });
  const createBoard = async (title: string) => {
    const created = await api.call<{ name: string }>('POST', `/api/projects/${project.body.data.id}/documents`, { token: me.accessToken, body: { kind: 'kanban', title } });
    if (created.status !== 201) throw new Error(`could not create a board: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.data.name;
  };
  const wsUrl = `${server.url.replace('http', 'ws')}/collab`;
  const connect = async (name: string) => {
    const provider = connectProvider(wsUrl, name, me.accessToken);
    await provider.synced;
    return provider;
  };
  return { createBoard, connect };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/** N clients on one board; writers edit their own card at a steady rate; everyone else records send → receive. */
async function fanOut(setup: Setup, clients: number) {
  const name = await setup.createBoard(`Fan-out ${clients}`);
  const providers = await Promise.all(Array.from({ length: clients }, () => setup.connect(name)));
  const writers = providers.slice(0, Math.max(1, Math.round(clients * writerShare)));
  writers.forEach((writer, i) => addCard(writer.doc, { id: `w${i}`, columnId: 'todo', title: `w${i}:0:0` }));
  await Promise.all(writers.map((writer) => writer.saved.whenSaved()));
  await sleep(500);

  const latencies: number[] = [];
  let receiving = false;
  for (const provider of providers) {
    provider.doc.getMap<Y.Map<unknown>>('cards').observeDeep((events, transaction) => {
      if (!receiving || transaction.local) return;
      const at = now();
      for (const event of events) {
        if (!(event instanceof Y.YMapEvent) || !(event.target instanceof Y.Map) || !event.keysChanged.has('title')) continue;
        const sentAt = Number(String(event.target.get('title')).split(':')[2]);
        if (sentAt > 0) latencies.push(at - sentAt);
      }
    });
  }
  const cpuBefore = process.cpuUsage();
  receiving = true;
  const start = now() + 50;
  const interval = 1000 / ratePerWriter;
  let sent = 0;
  await Promise.all(
    writers.map(async (writer, i) => {
      // Open loop: each edit carries its intended send time, so a stalled generator shows up as latency instead of hiding it.
      for (let k = 0; ; k++) {
        const intended = start + (i / writers.length) * interval + k * interval;
        if (intended > start + seconds * 1000) break;
        const wait = intended - now();
        if (wait > 0) await sleep(wait);
        updateCard(writer.doc, `w${i}`, { title: `w${i}:${k}:${intended}` });
        sent++;
      }
    }),
  );
  await sleep(1_000);
  receiving = false;
  const cpu = process.cpuUsage(cpuBefore);
  const wall = seconds * 1000 + 1050;
  providers.forEach((provider) => provider.destroy());
  return {
    clients,
    writers: writers.length,
    sent,
    received: latencies.length,
    expected: sent * (clients - 1),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    generatorCpu: ((cpu.user + cpu.system) / 1000 / wall) * 100,
  };
}

/** One writer per document, keeping at most `window` unsaved edits in flight, for `seconds`. */
async function durableThroughput(setup: Setup) {
  const names = await Promise.all(Array.from({ length: documentCount }, (_, i) => setup.createBoard(`Durable ${i}`)));
  const providers: ConnectedProvider[] = await Promise.all(names.map((name) => setup.connect(name)));
  const lags: number[] = [];
  let acknowledged = 0;
  const stopAt = now() + seconds * 1000;
  const cpuBefore = process.cpuUsage();
  const startedAt = now();
  await Promise.all(
    providers.map(async (provider, i) => {
      addCard(provider.doc, { id: 'd', columnId: 'todo', title: '0' });
      const pending: { clock: number; at: number }[] = [];
      const clockOf = () => Y.getState(provider.doc.store, provider.doc.clientID);
      provider.provider.on('stateless', ({ payload }: { payload: string }) => {
        const message = JSON.parse(payload) as { type?: string; clocks?: Record<string, number> };
        if (message.type !== 'saved') return;
        const durable = message.clocks?.[String(provider.doc.clientID)] ?? 0;
        const at = now();
        while (pending.length > 0 && pending[0]!.clock <= durable) {
          lags.push(at - pending.shift()!.at);
          acknowledged++;
        }
      });
      let n = 0;
      while (now() < stopAt) {
        if (pending.length >= inFlightWindow) {
          await sleep(1);
          continue;
        }
        updateCard(provider.doc, 'd', { title: `${i}:${n++}` });
        pending.push({ clock: clockOf(), at: now() });
        // Yield now and then so sockets and saved messages are served.
        if (n % 20 === 0) await sleep(0);
      }
      while (pending.length > 0 && now() < stopAt + 10_000) await sleep(10);
    }),
  );
  const elapsed = (now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  providers.forEach((provider) => provider.destroy());
  return {
    documents: documentCount,
    acknowledged,
    perSecond: acknowledged / elapsed,
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    generatorCpu: ((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100,
  };
}

async function main() {
  const pinned = pinSelf(1);
  const server = await startServer({
    ...(values.postgres ? { postgresUrl: values.postgres } : {}),
    cpu: 0,
    // The benchmark's writers are far faster than a person; the per-socket budget is lifted for it.
    env: { COLLAB_UPDATES_PER_SECOND: '1000000', COLLAB_UPDATE_BURST: '1000000' },
  });
  const stop = async () => {
    await server.stop();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const setup = await setUp(server);
    const rssStart = server.rssMiB();
    const fan = [];
    for (const clients of clientCounts) fan.push(await fanOut(setup, clients));
    const durable = await durableThroughput(setup);
    const rssEnd = server.rssMiB();
    const cpu = os.cpus();
    const report = [
      `# Sync engine benchmark, ${new Date().toISOString()}`,
      '',
      `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}. Backend: ${server.backend}.`,
      pinned ? 'Server pinned to CPU 0, load generator to CPU 1 (taskset).' : 'Not pinned (no taskset or one CPU): server and generator share CPUs.',
      `Server RSS: ${round(rssStart)} MiB before, ${round(rssEnd)} MiB after.`,
      '',
      `## Fan-out on one board (${round(writerShare * 100, 0)}% of clients edit, ${ratePerWriter} edits/s each, ${seconds} s, open loop)`,
      '',
      table(
        ['clients', 'writers', 'edits sent', 'deliveries (expected)', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'generator CPU %'],
        fan.map((r) => [r.clients, r.writers, r.sent, `${r.received} (${r.expected})`, round(r.p50), round(r.p95), round(r.p99), round(r.max), round(r.generatorCpu, 0)]),
      ),
      '',
      `## Durable updates (${documentCount} documents, one writer each, ≤ ${inFlightWindow} unsaved edits in flight, ${seconds} s)`,
      '',
      table(
        ['documents', 'edits reported saved', 'durable updates/s', 'commit lag p50 ms', 'commit lag p99 ms', 'generator CPU %'],
        [[durable.documents, durable.acknowledged, round(durable.perSecond, 0), round(durable.lagP50), round(durable.lagP99), round(durable.generatorCpu, 0)]],
      ),
      '',
      server.warnings().length ? `Server warnings:\n\n${server.warnings().map((w) => `    ${w}`).join('\n')}` : 'The server logged no warnings.',
      '',
    ].join('\n');
    process.stdout.write(`${report}\n`);
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `collab-${server.backend.startsWith('PostgreSQL') ? 'postgres' : 'pglite'}-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}.md`);
    fs.writeFileSync(file, report);
    process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
