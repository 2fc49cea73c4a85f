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
import { pinSelf, stopAllServers, stopServersOnSignals } from './lib/server-process.js';
import { round, table } from './lib/stats.js';
import { type RunningTarget, startTarget } from './lib/targets.js';
import { type FanOutResult, durableThroughput, fanOut } from './lib/workloads.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2,10,50' },
    writers: { type: 'string', default: '0.1' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    documents: { type: 'string', default: '20' },
    window: { type: 'string', default: '200' },
    postgres: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

/** Expected on every run: the dev-login warning (the benchmark signs in that way) and 503s from our own /readyz polling while the server migrates. */
const EXPECTED_WARNING = /DEV LOGIN IS ON|"path":"\/readyz","status":503/;

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write('npm run bench:collab -- [--clients 2,10,50] [--writers 0.1] [--rate 5] [--seconds 10] [--documents 20] [--window 200] [--postgres URL]\nSee bench/README.md.\n');
    return;
  }
  const clientCounts = values.clients.split(',').map((count) => Math.round(positive('clients', count)));
  const writerShare = positive('writers', values.writers);
  const rate = positive('rate', values.rate);
  const seconds = positive('seconds', values.seconds);
  const documents = Math.round(positive('documents', values.documents));
  const window = Math.round(positive('window', values.window));
  if (clientCounts.some((count) => count < 2)) throw new Error('--clients: each count must be at least 2 (one writer, one receiver)');

  // Hundreds of providers each add a process exit listener; that is expected here.
  process.setMaxListeners(0);
  stopServersOnSignals();
  const pinned = pinSelf(1);
  process.stderr.write(pinned ? 'taskset: server pinned to CPU 0, load generator to CPU 1\n' : 'not pinned (no taskset, or one CPU): server and generator share CPUs\n');
  const target: RunningTarget = await startTarget('ours', { cpu: 0, ...(values.postgres ? { postgresUrl: values.postgres } : {}) });
  process.stderr.write(`server up (pid ${target.pid}, ${target.name})\n`);
  try {
    const rssStart = target.rssMiB();
    const fan: (FanOutResult & { clients: number })[] = [];
    for (const clients of clientCounts) {
      process.stderr.write(`fan-out: ${clients} clients…\n`);
      fan.push({ clients, ...(await fanOut(target, clients, { writerShare, rate, seconds })) });
    }
    process.stderr.write(`durable throughput: ${documents} documents…\n`);
    const durable = await durableThroughput(target, { documents, seconds, window });
    const rssEnd = target.rssMiB();
    const warnings = (target.warnings?.() ?? []).filter((line) => !EXPECTED_WARNING.test(line));
    const cpu = os.cpus();
    const report = [
      `# Sync engine benchmark, ${new Date().toISOString()}`,
      '',
      `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${os.platform()} ${os.release()}. Backend: ${target.name}.`,
      pinned ? 'Server pinned to CPU 0, load generator to CPU 1 (taskset).' : 'Not pinned (no taskset or one CPU): server and generator share CPUs.',
      `Server RSS (VmRSS): ${round(rssStart)} MiB before the workloads, ${round(rssEnd)} MiB after.`,
      ...target.notes.map((note) => `Note: ${note}`),
      '',
      `## Fan-out on one board (${round(writerShare * 100, 0)}% of clients, min. 1, edit their card ${rate}×/s with a cursor update, ${seconds} s, open loop)`,
      '',
      table(
        ['clients', 'writers', 'edits sent', 'received (expected)', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'server loop delay p99 ms', 'generator CPU %'],
        fan.map((r) => [r.clients, r.writers, r.sent, `${r.delivered} (${r.expected})`, round(r.p50), round(r.p95), round(r.p99), round(r.max), round(r.loopP99), round(r.generatorCpu, 0)]),
      ),
      '',
      `## Durable updates (${documents} documents, one writer each, ≤ ${window} unsaved edits in flight, ${seconds} s)`,
      '',
      table(
        ['documents', 'edits sent', 'edits reported saved', 'durable updates/s', 'commit lag p50 ms', 'commit lag p99 ms', 'generator CPU %'],
        [[documents, durable.sent, durable.acknowledged, round(durable.perSecond, 0), round(durable.lagP50), round(durable.lagP99), round(durable.generatorCpu, 0)]],
      ),
      '',
      warnings.length ? `Server log at warn or above (besides the expected dev-login warning and start-up /readyz 503s):\n\n${warnings.map((line) => `    ${line}`).join('\n')}` : 'The server logged nothing at warn or above (besides the expected dev-login warning and start-up /readyz 503s).',
      '',
    ].join('\n');
    process.stdout.write(`${report}\n`);
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    fs.mkdirSync(dir, { recursive: true });
    const backend = target.name.includes('PostgreSQL') ? 'postgres' : 'pglite';
    const file = path.join(dir, `collab-${backend}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.md`);
    fs.writeFileSync(file, report);
    process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await target.stop();
  }
}

main()
  .catch(async (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
    await stopAllServers();
  })
  // Providers or sockets left by a failed workload must not keep the process alive.
  .finally(() => process.exit());
