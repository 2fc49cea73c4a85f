/**
 * `npm run bench`: our server next to bare Hocuspocus v4 and the y-websocket reference server,
 * in one run, interleaved (A B C, then B C A…) and reported as medians with ratios.
 *   npm run bench -- [--runs 3] [--workloads 1,2,3,4,5,6,7,8,9,10,11] [--clients 50,200] [--seconds 10]
 *                    [--light-clients 400] [--receiver-processes 2] [--long-lived-clients 50] [--past-clients 2000]
 *                    [--documents 1000] [--merge-clients 10] [--merge-edits 1000] [--restarts 3]
 *                    [--task-watchers 50] [--task-concurrency 8] [--task-cards 200]
 *                    [--task-boards 100] [--task-cards-per-board 1000] [--event-rate 1000] [--event-writers 10]
 *                    [--cross-clients 50] [--redis redis://127.0.0.1:6379/0] [--postgres URL]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchOptions } from './lib/bench-options.js';
import { pinSelf, stopServersOnSignals } from './lib/server-process.js';
import { startTimes } from './lib/start-time.js';
import { round } from './lib/stats.js';
import { Samples, TARGETS } from './lib/samples.js';
import { targetsReport } from './lib/target-checks.js';
import { type RunningTarget, type TargetName, startOursInstances, startTarget } from './lib/targets.js';
import { LIST_QUERIES, taskListing, taskMoves } from './lib/task-workloads.js';
import { EVENT_LAG_ENV, eventLag } from './lib/event-lag.js';
import { coldLoad } from './lib/cold-load.js';
import { lightFanOut } from './lib/light-fan-out.js';
import { type FanOutResult, crossInstanceFanOut, durableThroughput, fanOut, manyDocuments, offlineMerge, rest } from './lib/workloads.js';

const values = benchOptions();
const runs = Number(values.runs);
const workloads = new Set(values.workloads.split(',').map(Number));
const clientCounts = values.clients.split(',').filter(Boolean).map(Number);
/** Workload 1 with light clients (decoding nothing), the receivers over several processes: the sizes at which providers would measure the generator. */
const lightClientCounts = values['light-clients'].split(',').filter(Boolean).map(Number);
const receiverProcesses = Number(values['receiver-processes']);
const light = (clients: number) => `fan-out ${clients} light`;
/** Workload 1 once more with light clients, on a board that has seen many sessions (each a client id Yjs keeps). */
const longLivedCounts = values['long-lived-clients'].split(',').filter(Boolean).map(Number);
const pastClients = Number(values['past-clients']);
const longLived = (clients: number) => `fan-out ${clients} light, ${pastClients.toLocaleString('en')} past client ids`;
const seconds = Number(values.seconds);
/** Workload 1's shape, which workload 11 repeats across instances. */
const FAN_OUT = { writerShare: 0.1, rate: 5, seconds };
/** Workload 4's open-loop phase: the load at which the commit lag target is read (issue 12). */
const DURABLE_RATE = 10_000;
const PACED = DURABLE_RATE.toLocaleString('en');
/** Seconds each durable run writes before it is measured (see `durableThroughput`). */
const DURABLE_WARM_UP_SECONDS = 1;
const crossClientCounts = values['cross-clients'].split(',').map(Number);
/** Workload 11's deployment: the writers' instance and two that only receive. */
const CROSS_INSTANCES = 3;
/** Issue 14's target for workload 11: its p99 at 50 clients at most this many times workload 1's (see bench/results/README.md). */
const CROSS_P99_TARGET = 2;
/** Workloads 1–6 and 8–11 start the targets; 7 (start time) runs `npm start` by itself. */
const runsTargets = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11].some((workload) => workloads.has(workload));
const task = {
  watchers: Number(values['task-watchers']),
  concurrency: Number(values['task-concurrency']),
  cards: Number(values['task-cards']),
  boards: Number(values['task-boards']),
  cardsPerBoard: Number(values['task-cards-per-board']),
};
/** Workload 9's labels: the state of the server's documents while the list is timed. */
const UNLOADED = 'no board loaded';
const LOADED = `${task.boards} boards open`;

/** What every run measured (the report is made of its medians), and the shorthands the workloads record with. */
const samples = new Samples();
const names = new Map<TargetName, string>();
const record = (key: string, target: TargetName, value: number) => samples.record(key, target, value);
const recordFanOut = (prefix: string, target: TargetName, result: FanOutResult) => samples.recordFanOut(prefix, target, result);
const section = (title: string, keys: string[], note = '', oursOnly = false) => samples.section(title, keys, note, oursOnly);

/** The run under way (1-based), for notes. */
let runNumber = 0;

/**
 * Workload 11: workload 1's fan-out with the writers on one instance and the receivers on two
 * others (one database, one Redis), and its ratio to workload 1's figure of the same run.
 */
async function crossInstanceOnce(postgresUrl: string, singleInstance: Map<number, FanOutResult>): Promise<void> {
  const deployment = await startOursInstances(CROSS_INSTANCES, { postgresUrl, redisUrl: values.redis, cpu: 0 });
  try {
    for (const clients of crossClientCounts) {
      const result = await crossInstanceFanOut(deployment.instances, clients, FAN_OUT);
      recordFanOut(`cross-instance fan-out ${clients}`, 'ours', result);
      const single = singleInstance.get(clients);
      if (single) {
        record(`cross-instance fan-out ${clients} p50 / single-instance`, 'ours', result.p50 / single.p50);
        record(`cross-instance fan-out ${clients} p99 / single-instance`, 'ours', result.p99 / single.p99);
      } else {
        notes.add(`Cross-instance fan-out at ${clients} clients has no single-instance figure of the same run to compare with (workload 1 with ${clients} in --clients).`);
      }
      process.stderr.write(`cross-instance fan-out ${clients}: p50 ${round(result.p50)} ms, p99 ${round(result.p99)} ms, ${result.delivered}/${result.expected} delivered\n`);
    }
  } finally {
    // A catch-up means the bus lost a message and the figures include the check's delay.
    const caughtUp = deployment.instances.flatMap((instance) => instance.warnings?.() ?? []).filter((line) => line.includes('caught up a document from the log'));
    if (caughtUp.length > 0) notes.add(`Run ${runNumber}, cross-instance fan-out: an instance caught a document up from the log ${caughtUp.length} time(s) (bus messages missed).`);
    await deployment.stop();
  }
}

async function runOnce(targetName: TargetName): Promise<void> {
  const target: RunningTarget = await startTarget(targetName, { cpu: 0, ...(values.postgres ? { postgresUrl: values.postgres } : {}) });
  names.set(targetName, target.name);
  /** Workload 1's results by client count, for workload 11's ratio. */
  const singleInstance = new Map<number, FanOutResult>();
  try {
    if (workloads.has(1)) {
      for (const clients of clientCounts) {
        const result = await fanOut(target, clients, FAN_OUT);
        recordFanOut(`fan-out ${clients}`, targetName, result);
        singleInstance.set(clients, result);
      }
      for (const clients of lightClientCounts) {
        const result = await lightFanOut(target, clients, { ...FAN_OUT, processes: receiverProcesses });
        recordFanOut(light(clients), targetName, result);
        process.stderr.write(`${light(clients)} (${targetName}): p50 ${round(result.p50)} ms, p99 ${round(result.p99)} ms, ${result.delivered}/${result.expected} delivered, generator CPU ${round(result.generatorCpu)} %\n`);
      }
      for (const clients of longLivedCounts) recordFanOut(longLived(clients), targetName, await lightFanOut(target, clients, { ...FAN_OUT, processes: receiverProcesses, pastClients }));
    }
    if (workloads.has(2)) {
      const memory = await manyDocuments(target, Number(values.documents));
      record('memory KiB per idle document (with its first connection)', targetName, memory.perDocumentKiB);
      record('memory KiB per extra idle connection', targetName, memory.perConnectionKiB);
      record('MiB released after all clients left', targetName, memory.releasedMiB);
      record('RSS KiB per idle document (noisy, for comparison)', targetName, memory.perDocumentRssKiB);
    }
    if (workloads.has(4) && targetName === 'ours') {
      const durable = await durableThroughput(target, { documents: 20, seconds, window: 200, warmUpSeconds: DURABLE_WARM_UP_SECONDS });
      record('durable updates/s', targetName, durable.perSecond);
      record('commit lag p99 ms', targetName, durable.lagP99);
      record('durable: generator CPU %', targetName, durable.generatorCpu);
      const paced = await durableThroughput(target, { documents: 20, seconds, window: 200, rate: DURABLE_RATE, warmUpSeconds: DURABLE_WARM_UP_SECONDS });
      record(`durable updates/s at ${PACED}/s offered`, targetName, paced.perSecond);
      record(`commit lag p50 ms at ${PACED}/s`, targetName, paced.lagP50);
      record(`commit lag p99 ms at ${PACED}/s`, targetName, paced.lagP99);
      record(`commit lag p99 ms at ${PACED}/s, warm-up included`, targetName, paced.lagP99WithWarmUp);
      record(`durable at ${PACED}/s: generator CPU %`, targetName, paced.generatorCpu);
    }
    if (workloads.has(5)) {
      const merge = await offlineMerge(target, { clients: Number(values['merge-clients']), edits: Number(values['merge-edits']) });
      record('offline merge ms', targetName, merge.convergeMs);
    }
    if (workloads.has(8) && targetName === 'ours') {
      const moves = await taskMoves(target, { watchers: task.watchers, cards: task.cards, concurrency: task.concurrency, seconds });
      record('task moves/s', 'ours', moves.movesPerSecond);
      record('task move REST p50 ms', 'ours', moves.restP50);
      record('task move REST p99 ms', 'ours', moves.restP99);
      record('task move REST max ms', 'ours', moves.restMax);
      record('task move seen by all watchers p50 ms', 'ours', moves.allSawP50);
      record('task move seen by all watchers p99 ms', 'ours', moves.allSawP99);
      record('task move seen by all watchers max ms', 'ours', moves.allSawMax);
      record('task move seen by one watcher p50 ms', 'ours', moves.eachSawP50);
      record('task move seen by one watcher p99 ms', 'ours', moves.eachSawP99);
      record('task moves: GET /api/tasks of the board before the moves p50 ms', 'ours', moves.listIdleP50);
      record('task moves: GET /api/tasks of the board before the moves p99 ms', 'ours', moves.listIdleP99);
      record('task moves: GET /api/tasks of the board meanwhile p50 ms', 'ours', moves.listDuringP50);
      record('task moves: GET /api/tasks of the board meanwhile p99 ms', 'ours', moves.listDuringP99);
      record('task moves: GET /api/tasks of the board meanwhile max ms', 'ours', moves.listDuringMax);
      record('task moves refused or failed', 'ours', moves.errors);
      record('task moves server event-loop delay p99', 'ours', moves.loopP99);
      record('task moves server CPU %', 'ours', moves.serverCpu);
      record('task moves generator CPU %', 'ours', moves.generatorCpu);
      for (const sample of moves.errorSamples) notes.add(`A task move failed: ${sample}`);
      notes.add(`Run ${runNumber}, slowest task moves (sent at → took): ${moves.slowest.map((slow) => `${round(slow.atSeconds)} s → ${round(slow.ms)} ms`).join(', ')}.`);
      process.stderr.write(`task moves: ${moves.moves} in ${seconds} s (${round(moves.movesPerSecond)}/s), ${moves.errors} errors\n`);
    }
    if (workloads.has(6) && targetName === 'ours') {
      for (const route of await rest(target, Math.min(seconds, 10))) {
        record(`${route.route} req/s`, targetName, route.rps);
        record(`${route.route} p99 ms`, targetName, route.p99);
      }
    }
  } finally {
    await target.stop();
  }
  if (workloads.has(3) && targetName === 'ours' && values.postgres) {
    // Its own server: compaction held off, so the stored tail is exactly what the workload wrote.
    const cold = await startTarget('ours', { cpu: 0, postgresUrl: values.postgres, env: { COLLAB_COMPACT_AFTER_UPDATES: '1000000000' } });
    try {
      const { cold: results, loaded } = await coldLoad(cold, { cards: 10_000, tails: [0, 1_000, 10_000], herd: 20, repeats: 3, processes: receiverProcesses });
      for (const result of results) {
        record(`cold load, tail ${result.tail}: one client ms`, 'ours', result.singleMs);
        record(`cold load, tail ${result.tail}: herd of 20 ms`, 'ours', result.herdMs);
        record(`cold load, tail ${result.tail}: herd / one`, 'ours', result.herdMs / result.singleMs);
        record(`cold load, tail ${result.tail}: one client, delivered ms`, 'ours', result.deliveredMs);
        record(`cold load, tail ${result.tail}: herd of 20, delivered ms`, 'ours', result.herdDeliveredMs);
        record(`cold load, tail ${result.tail}: herd / one, delivered`, 'ours', result.herdDeliveredMs / result.deliveredMs);
      }
      record('loaded board: one client, delivered ms', 'ours', loaded.deliveredMs);
      record('loaded board: herd of 20, delivered ms', 'ours', loaded.herdDeliveredMs);
      record('loaded board: herd / one, delivered', 'ours', loaded.herdDeliveredMs / loaded.deliveredMs);
    } finally {
      await cold.stop();
    }
  }
  if (workloads.has(11) && targetName === 'ours' && !values.postgres) notes.add('Workload 11 (cross-instance fan-out) runs only with --postgres: its instances share one PostgreSQL database. Skipped.');
  if (workloads.has(11) && targetName === 'ours' && values.postgres) await crossInstanceOnce(values.postgres, singleInstance);
  if (workloads.has(10) && targetName === 'ours' && !values.postgres) notes.add('Workload 10 (event lag) runs only with --postgres: it reads the deliveries table. Skipped.');
  if (workloads.has(10) && targetName === 'ours' && values.postgres) {
    // Its own server, so no other workload's events queue before these; the fake Discord runs in this process.
    const feed = await startTarget('ours', { cpu: 0, postgresUrl: values.postgres, env: EVENT_LAG_ENV });
    try {
      const lag = await eventLag(feed, { rate: Number(values['event-rate']), writers: Number(values['event-writers']), seconds, drainTimeoutMs: 120_000 });
      record('event lag: commit → Discord message p50 ms', 'ours', lag.lagP50);
      record('event lag: commit → Discord message p99 ms', 'ours', lag.lagP99);
      record('event lag: commit → Discord message max ms', 'ours', lag.lagMax);
      record('event lag: commit → delivery planned (fan-out) p50 ms', 'ours', lag.plannedP50);
      record('event lag: commit → delivery planned (fan-out) p99 ms', 'ours', lag.plannedP99);
      record('event lag: p50 of the first second ms', 'ours', lag.lagFirstSecondP50);
      record('event lag: p50 of the last second ms', 'ours', lag.lagLastSecondP50);
      record('event lag: Discord messages/s', 'ours', lag.messagesPerSecond);
      record('event lag: most events in one message', 'ours', lag.eventsPerMessageMax);
      record('event lag: last move → last message ms', 'ours', lag.drainMs);
      record('event lag: moves made', 'ours', lag.moves);
      record('event lag: delivered %', 'ours', (lag.delivered / Math.max(1, lag.moves)) * 100);
      record('event lag: fake answered other than 200', 'ours', lag.refused);
      record('event lag: server CPU %', 'ours', lag.serverCpu);
      record('event lag: generator CPU %', 'ours', lag.generatorCpu);
      if (lag.events < lag.moves || lag.delivered < lag.events) notes.add(`Run ${runNumber}, event lag: ${lag.moves} moves, ${lag.events} events committed, ${lag.delivered} delivered within 120 s of the last move.`);
      process.stderr.write(`event lag: ${lag.moves} moves, ${lag.delivered} delivered in ${lag.messages} messages, p50 ${round(lag.lagP50)} ms, p99 ${round(lag.lagP99)} ms\n`);
    } finally {
      await feed.stop();
    }
  }
  if (workloads.has(9) && targetName === 'ours' && !values.postgres) notes.add('Workload 9 (task listing) runs only with --postgres: it writes the seed through the storage layer. Skipped.');
  if (workloads.has(9) && targetName === 'ours' && values.postgres) {
    // Its own server: nothing has opened any board on it before the "no board loaded" figures.
    const listing = await startTarget('ours', { cpu: 0, postgresUrl: values.postgres });
    try {
      const result = await taskListing(listing, { boards: task.boards, cardsPerBoard: task.cardsPerBoard, seconds: Math.max(1, seconds / 2) });
      record('seed (boards over REST, cards through the storage layer, ANALYZE) s', 'ours', result.seedSeconds);
      if (result.autovacuum !== 'on') notes.add(`The PostgreSQL server runs with autovacuum ${result.autovacuum}: the listing's statistics come only from the ANALYZE the bench runs after the seed.`);
      record(`server RSS, ${UNLOADED} MiB`, 'ours', result.rssUnloadedMiB);
      record(`server RSS, ${LOADED} MiB`, 'ours', result.rssLoadedMiB);
      record(`opening ${task.boards} boards (one provider each) s`, 'ours', result.openSeconds);
      for (const query of LIST_QUERIES) {
        for (const [state, timings] of [[UNLOADED, result.unloaded], [LOADED, result.loaded]] as const) {
          const timing = timings.get(query)!;
          record(`list ${query}, ${state}: p50 ms`, 'ours', timing.p50);
          record(`list ${query}, ${state}: p99 ms`, 'ours', timing.p99);
          record(`list ${query}, ${state}: req/s`, 'ours', timing.perSecond);
        }
        record(`list ${query}: p50 ${LOADED} / ${UNLOADED}`, 'ours', result.loaded.get(query)!.p50 / result.unloaded.get(query)!.p50);
      }
    } finally {
      await listing.stop();
    }
  }
}

/** Said under the tables (failures a workload survived, workloads skipped). */
const notes = new Set<string>();

/** Starts (workload 7) that had to build the web client first: the report says so. */
let webClientBuilds = 0;

/** Workload 7: `npm start` on the embedded default, alone on the machine (no target running). */
async function startTimeOnce(): Promise<void> {
  const { first, again } = await startTimes({ restarts: Number(values.restarts) });
  record('first start (empty DATA_DIR): /healthz ms', 'ours', first.healthzMs);
  record('first start (empty DATA_DIR): /readyz ms', 'ours', first.readyzMs);
  for (const start of again) {
    record('next starts (DATA_DIR exists): /healthz ms', 'ours', start.healthzMs);
    record('next starts (DATA_DIR exists): /readyz ms', 'ours', start.readyzMs);
  }
  webClientBuilds += [first, ...again].filter((start) => start.builtWebClient).length;
}

/** Workload 11's table: ours only, the single-instance figures of the same client count beside the cross-instance ones. */
function crossInstanceSection(): string {
  const measured = crossClientCounts.filter((c) => samples.has(`cross-instance fan-out ${c} p99`));
  return section(
    `Cross-instance fan-out (ours: ${CROSS_INSTANCES} instances on one PostgreSQL database and Redis)`,
    measured.flatMap((c) => [
      `fan-out ${c} p50`,
      `fan-out ${c} p99`,
      ...['p50', 'p95', 'p99', 'server event-loop delay p99', 'delivered %', 'generator CPU %', 'server CPU %', 'server CPU µs per delivered edit'].map((metric) => `cross-instance fan-out ${c} ${metric}`),
      `cross-instance fan-out ${c} p50 / single-instance`,
      `cross-instance fan-out ${c} p99 / single-instance`,
    ]),
    `Workload 1's board, writers and edits, over ${CROSS_INSTANCES} processes of ours (each its own server, all pinned like the single one, sharing one fresh database and Redis under a key prefix of this run's own): the writers connected to the first instance, the other clients spread evenly over the other two, latency recorded only there. "fan-out N" rows are workload 1 (one instance) in the same run; the ratios are per run, then the median. An edit reaches another instance only after the first commits it (published after the commit), through Redis, then that instance's broadcast. Event-loop delay: the highest of the three; server CPU: the sum of the three.`,
    true,
  );
}

async function main(): Promise<void> {
  // Hundreds of providers each add a process exit listener; that is expected here.
  process.setMaxListeners(0);
  // Ctrl-C stops the servers and removes their temp dirs and databases.
  stopServersOnSignals();
  const pinned = pinSelf(1);
  // Other work on the machine skews every figure: the report says how loaded it was.
  const loadBefore = os.loadavg();
  for (let run = 0; run < runs; run++) {
    runNumber = run + 1;
    // Rotate the order each run so no target always goes first (warm caches, a noisy neighbour).
    const order = TARGETS.map((_, i) => TARGETS[(i + run) % TARGETS.length]!);
    // The baselines take part in workloads 1, 2 and 5 only: without those, only ours starts.
    const comparing = [1, 2, 5].some((workload) => workloads.has(workload));
    for (const target of runsTargets ? order.filter((name) => comparing || name === 'ours') : []) {
      process.stderr.write(`run ${run + 1}/${runs}: ${target}\n`);
      await runOnce(target);
    }
    if (workloads.has(7)) {
      process.stderr.write(`run ${run + 1}/${runs}: npm start timings\n`);
      await startTimeOnce();
    }
  }
  const cpu = os.cpus();
  const report = [
    `# Benchmarks, ${new Date().toISOString()}`,
    '',
    `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, Node ${process.version}. Ours on ${names.get('ours')?.replace(/^ours \((.*)\)$/, '$1') ?? 'PGlite (embedded, npm start only)'}; medians of ${runs} interleaved run(s).`,
    pinned ? 'Servers pinned to CPU 0, the load generator to CPU 1 (taskset).' : 'Not pinned: servers and generator share CPUs.',
    `Load average (1, 5, 15 min) before: ${loadBefore.map((load) => load.toFixed(2)).join(', ')}; after: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(', ')} (the bench itself adds 1 to 2 while it runs).`,
    'Ratios are ours / baseline: below 1× is better for times and memory, above 1× for throughput.',
    '',
    targetsReport({ samples, lightClientCounts, light, paced: PACED, crossP99Target: CROSS_P99_TARGET, taskWatchers: task.watchers, loaded: LOADED, unloaded: UNLOADED, eventRate: values['event-rate'] }),
    ...(notes.size > 0 ? ['## Notes', '', ...[...notes].map((note) => `- ${note}`), ''] : []),
    section(
      'Fan-out on one board',
      [...clientCounts.map((c) => `fan-out ${c}`), ...lightClientCounts.map(light), ...longLivedCounts.map(longLived)].flatMap((p) => [`${p} p50`, `${p} p95`, `${p} p99`, `${p} server event-loop delay p99`, `${p} delivered %`, `${p} generator CPU %`, `${p} server CPU %`, `${p} server CPU µs per delivered edit`, `${p} bytes per update frame`, `${p} bytes received per delivered edit (all frames)`]),
      `10% of the clients edit their card 5 times a second (open loop) and move their cursor (awareness); latency in ms from intended send to receipt at every other client. Ours persists every update before saying saved; the baselines keep documents in memory only. "light" rows: the same with clients that speak the protocol by hand and decode nothing after their first sync (edits read from the update's bytes), the receivers spread over ${receiverProcesses} load-generator process(es); latency recorded at the receivers only; generator CPU sums every generator process. "past client ids" rows: light clients on a board that first got one card from each of that many client ids (a board used for months: every page load is a new Yjs client id, and a document keeps them all). Server CPU: every thread of the server process over the writing window (ours includes its commits and its database client, not PostgreSQL); per delivered edit, what the whole window cost it divided by the edits delivered.`,
    ),
    crossInstanceSection(),
    section('Many documents', ['memory KiB per idle document (with its first connection)', 'memory KiB per extra idle connection', 'MiB released after all clients left', 'RSS KiB per idle document (noisy, for comparison)'], `${values.documents} boards, two idle clients each; the server's live heap + external memory after a full collection (--expose-gc), and RSS for comparison.`),
    section('Cold load (ours on PostgreSQL only: the baselines store nothing)', [0, 1000, 10000].flatMap((t) => [`cold load, tail ${t}: one client ms`, `cold load, tail ${t}: herd of 20 ms`, `cold load, tail ${t}: herd / one`, `cold load, tail ${t}: one client, delivered ms`, `cold load, tail ${t}: herd of 20, delivered ms`, `cold load, tail ${t}: herd / one, delivered`]).concat(['loaded board: one client, delivered ms', 'loaded board: herd of 20, delivered ms', 'loaded board: herd / one, delivered']), `A 10,000-card board stored as a snapshot plus a tail of updates; first sync (sign-in checks, load, sync) for one client (median of 3) and for 20 at once. "Delivered": clients written by hand that decode nothing, timed until the server's whole answer has arrived (the server's side; twenty providers in one generator measure twenty decodes on its one core); their herd is spread over ${receiverProcesses} generator process(es) (\`--receiver-processes\`). "Loaded board": the same board (after the last tail) while one provider keeps it open, so the server answers from memory.`),
    section(
      'Durable throughput (ours only: the baselines store nothing)',
      ['durable updates/s', 'commit lag p99 ms', 'durable: generator CPU %', `durable updates/s at ${PACED}/s offered`, `commit lag p50 ms at ${PACED}/s`, `commit lag p99 ms at ${PACED}/s`, `commit lag p99 ms at ${PACED}/s, warm-up included`, `durable at ${PACED}/s: generator CPU %`],
      `20 documents, one writer each: first as fast as the saved signal allows with at most 200 unsaved edits in flight per writer (the lag then measures that window: 4,000 edits queued ÷ throughput), then open loop at ${PACED} edits/s in all (the commit delay at that load). Each starts with ${DURABLE_WARM_UP_SECONDS} s of the same writing, left out of its figures except the row that says it is included.`,
    ),
    section('Offline merge', ['offline merge ms'], `${values['merge-clients']} clients with ${values['merge-edits']} divergent edits each reconnect at once; time until all agree.`),
    section(
      `Task moves on one board (ours only: the baselines have no REST API)`,
      [...samples.keys()].filter((k) => k.startsWith('task mov')),
      `${task.watchers} providers watch one board of ${task.cards} cards; a REST caller moves cards to another column (random position) with ${task.concurrency} requests in flight for ${seconds} s. "Seen by all watchers": request sent → the last watcher applied the move; "by one watcher": over every (move, watcher) pair. The board (50 a page) is also listed over REST for a second before the moves, one request at a time, and every 200 ms during them. At the end every watcher holds the same board with each card once, agreeing with GET /api/tasks (checked; the run fails otherwise).`,
      true,
    ),
    section(
      `Task listing over ${task.boards} boards × ${task.cardsPerBoard} cards (ours on PostgreSQL only)`,
      [
        ...[...samples.keys()].filter((k) => k.startsWith('seed ') || k.startsWith('server RSS, ') || k.startsWith('opening ')),
        ...LIST_QUERIES.flatMap((q) => [
          ...[UNLOADED, LOADED].flatMap((state) => [`list ${q}, ${state}: p50 ms`, `list ${q}, ${state}: p99 ms`, `list ${q}, ${state}: req/s`]),
          `list ${q}: p50 ${LOADED} / ${UNLOADED}`,
        ]),
      ],
      `Its own server. Boards created over REST; each board's cards written as one Yjs update through the storage layer (appendUpdates: log, client-id claim and projection rows in one transaction). GET /api/tasks?projectId=…&limit=50 one request at a time for ${Math.max(1, seconds / 2)} s per query: first page; columnId=review (1 card in 4); text=launch (1 card in 100); a cursor 90 % of the way through the project. ANALYZE runs after the seed, as autovacuum would. First with no board ever loaded, then with a provider on every board.`,
      true,
    ),
    section(
      `Event lag at ${values['event-rate']} changes/s (ours on PostgreSQL only)`,
      [...samples.keys()].filter((k) => k.startsWith('event lag: ')),
      `Its own server (defaults: jobs announced with LISTEN/NOTIFY, WORKER_POLL_INTERVAL_MS 1000, WORKER_CONCURRENCY 2; chat batch window 2 s). ${values['event-writers']} providers on one board move cards open loop at ${values['event-rate']} moves/s in all for ${seconds} s, each move its own update; a Discord integration (task.moved) points at a fake Discord in the generator process. Lag: the event's transaction time → the fake received the message carrying it (the delivery's recorded message id), over every move; then the deliveries drain for up to 120 s.`,
      true,
    ),
    section('REST (ours only)', [...samples.keys()].filter((k) => k.startsWith('GET')), 'autocannon, 10 connections, Bearer token.'),
    section(
      'Start time (ours only)',
      ['first start (empty DATA_DIR): /healthz ms', 'first start (empty DATA_DIR): /readyz ms', 'next starts (DATA_DIR exists): /healthz ms', 'next starts (DATA_DIR exists): /readyz ms'],
      `\`npm start\` on the embedded default (development, all CPUs, nothing else of the bench running), from the command to the first 200; each run starts once in an empty DATA_DIR, then ${values.restarts} more times on it. ${webClientBuilds > 0 ? `${webClientBuilds} start(s) built the web client (web/dist missing or stale), which the figures include.` : 'web/dist was current: no start built the web client.'}`,
    ),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  fs.mkdirSync(dir, { recursive: true });
  // One file a day; a second run that day gets its time too, so no earlier results are overwritten.
  const stamp = new Date().toISOString();
  let file = path.join(dir, `${stamp.slice(0, 10)}.md`);
  if (fs.existsSync(file)) file = path.join(dir, `${stamp.slice(0, 19).replace('T', '-').replaceAll(':', '-')}.md`);
  fs.writeFileSync(file, report);
  process.stdout.write(`written to ${path.relative(process.cwd(), file)}\n`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // Client libraries leave timers behind (reconnect checks, awareness); the run is over, so end it.
  .finally(() => process.exit());
