/**
 * Sync-engine benchmark for our server alone (not a test): fan-out latency of N clients on one
 * board and durable updates per second. `npm run bench` runs the same workloads side by side
 * with the baselines.
 *   npm run bench:collab -- [--clients 2,10,50] [--writers 0.1] [--rate 5] [--seconds 10] [--documents 20] [--window 200] [--postgres URL]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pinSelf } from './lib/server-process.js';
import { round, table } from './lib/stats.js';
import { startTarget } from './lib/targets.js';
import { durableThroughput, fanOut } from './lib/workloads.js';

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
const seconds = Number(values.seconds);

async function main(): Promise<void> {
  process.setMaxListeners(0);
  const pinned = pinSelf(1);
  const target = await startTarget('ours', { cpu: 0, ...(values.postgres ? { postgresUrl: values.postgres } : {}) });
  try {
    const rssStart = target.rssMiB();
    const fan = [];
    for (const clients of values.clients.split(',').map(Number)) {
      fan.push({ clients, ...(await fanOut(target, clients, { writerShare: Number(values.writers), rate: Number(values.rate), seconds })) });
    }
    const durable = await durableThroughput(target, { documents: Number(values.documents), seconds, window: Number(values.window) });
    const cpu = os.cpus();
    const report = [
      `# Sync engine benchmark, ${new Date().toISOString()}`,
      '',
      `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, Node ${process.version}. ${target.name}.`,
      pinned ? 'Server pinned to CPU 0, load generator to CPU 1 (taskset).' : 'Not pinned: server and generator share CPUs.',
      `Server RSS: ${round(rssStart)} MiB before, ${round(target.rssMiB())} MiB after.`,
      '',
      `## Fan-out on one board (${round(Number(values.writers) * 100, 0)}% of clients edit ${values.rate} times a second with cursor updates, ${seconds} s, open loop)`,
      '',
      table(
        ['clients', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'deliveries (expected)', 'generator CPU %'],
        fan.map((r) => [r.clients, round(r.p50), round(r.p95), round(r.p99), round(r.max), `${r.delivered} (${r.expected})`, round(r.generatorCpu, 0)]),
      ),
      '',
      `## Durable updates (${values.documents} documents, one writer each, ≤ ${values.window} unsaved edits in flight, ${seconds} s)`,
      '',
      table(['durable updates/s', 'commit lag p99 ms'], [[round(durable.perSecond, 0), round(durable.lagP99)]]),
      '',
    ].join('\n');
    process.stdout.write(`${report}\n`);
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `collab-${target.name.includes('PostgreSQL') ? 'postgres' : 'pglite'}-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}.md`);
    fs.writeFileSync(file, report);
    process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await target.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
