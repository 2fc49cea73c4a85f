import autocannon from 'autocannon';
import * as Y from 'yjs';
import { addCard, updateCard } from '../../documents/kanban/board.js';
import type { LoopDelay } from './server-process.js';
import { cpuPercent } from './cpu-usage.js';
import { percentile } from './stats.js';
import type { Replica, RunningTarget } from './targets.js';
import type { WireBytes } from './wire-bytes.js';
import { now, sleep } from './clock.js';


/** Connects `count` replicas to one document, `batch` at a time (also used by the task workloads). */
export async function connectAll(target: RunningTarget, name: string, count: number, batch = 25): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i += batch) replicas.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => target.connect(name)))));
  return replicas;
}

export async function waitFor(condition: () => boolean, timeoutMs = 30_000, what = 'replicas to agree'): Promise<void> {
  const start = now();
  while (!condition()) {
    if (now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The servers' CPU over a window (the probes at its end), as a share of one core and per delivery. */
export function serverCpu(loops: LoopDelay[], delivered: number): { serverCpu: number; serverCpuPerDelivery: number } {
  const cpuMs = loops.reduce((sum, loop) => sum + loop.cpuMs, 0);
  const wallMs = Math.max(...loops.map((loop) => loop.wallMs));
  return { serverCpu: (cpuMs / wallMs) * 100, serverCpuPerDelivery: (cpuMs * 1000) / Math.max(1, delivered) };
}

export interface FanOutResult {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The server's event-loop delay p99 during the window (ms); with several instances, the highest. */
  loopP99: number;
  writers: number;
  /** Edits the writers made. */
  sent: number;
  /** Edits received by the other clients (each edit counts once per receiving client). */
  delivered: number;
  expected: number;
  generatorCpu: number;
  /** The server's CPU during the window (every thread), as a share of one core; with several instances, the sum. */
  serverCpu: number;
  /** The server's CPU time per edit delivered to a client (µs): what each delivery costs it, whatever the latency. */
  serverCpuPerDelivery: number;
  /** Bytes of each update frame the receivers got, as it came over the wire (document name included). */
  bytesPerUpdate: number;
  /** Everything the receivers got during the window (updates, presence, acknowledgements) per edit delivered. */
  bytesPerDelivery: number;
}

/** Workload 1: N clients on one board, a share editing (with awareness) at a steady open-loop rate. */
export async function fanOut(target: RunningTarget, clients: number, options: FanOutOptions): Promise<FanOutResult> {
  const name = await target.newBoard(`fan-out ${clients}`);
  const replicas = await connectAll(target, name, clients);
  await waitFor(() => replicas.every((replica) => replica.doc.getMap('columns').has('todo')));
  return measureFanOut({ writers: replicas.slice(0, writerCount(clients, options)), receivers: replicas, servers: [target] }, options);
}

/**
 * Workload 11 (ours, scale-out): the same board, clients and edits as `fanOut`, over instances
 * sharing loaded documents: the writers on the first instance, the other clients spread evenly
 * over the rest, and latency recorded only there, so every figure crosses from one instance to
 * another (commit on the first, then the bus, then the receiving instance's broadcast).
 */
export async function crossInstanceFanOut(instances: readonly RunningTarget[], clients: number, options: FanOutOptions): Promise<FanOutResult> {
  const [sending, ...receiving] = instances;
  if (!sending || receiving.length === 0) throw new Error('cross-instance fan-out needs two instances or more');
  const name = await sending.newBoard(`cross-instance fan-out ${clients}`);
  const writers = await connectAll(sending, name, writerCount(clients, options));
  const others = clients - writers.length;
  const receivers: Replica[] = [];
  for (const [i, instance] of receiving.entries()) {
    const share = Math.floor(others / receiving.length) + (i < others % receiving.length ? 1 : 0);
    receivers.push(...(await connectAll(instance, name, share)));
  }
  await waitFor(() => [...writers, ...receivers].every((replica) => replica.doc.getMap('columns').has('todo')));
  return measureFanOut({ writers, receivers, servers: instances }, options);
}

export interface FanOutOptions {
  /** Share of the clients that edit (at least one). */
  writerShare: number;
  /** Edits per writer per second. */
  rate: number;
  seconds: number;
}

const writerCount = (clients: number, { writerShare }: FanOutOptions) => Math.max(1, Math.round(clients * writerShare));

/**
 * The measured window of a fan-out: each writer retitles its own card `rate` times a second (open
 * loop) with a cursor update; every receiver records intended send → receipt of the others'
 * edits. A writer may also be a receiver (one instance). The replicas are destroyed at the end.
 */
async function measureFanOut(
  { writers, receivers, servers }: { writers: Replica[]; receivers: Replica[]; servers: readonly Pick<RunningTarget, 'loopDelay'>[] },
  options: FanOutOptions,
): Promise<FanOutResult> {
  writers.forEach((writer, i) => addCard(writer.doc, { id: `w${i}`, columnId: 'todo', title: `w${i}:0:0` }));
  await sleep(1_000);
  const latencies: number[] = [];
  let recording = false;
  for (const replica of receivers) {
    replica.doc.getMap<Y.Map<unknown>>('cards').observeDeep((events, transaction) => {
      if (!recording || transaction.local) return;
      const at = now();
      for (const event of events) {
        if (!(event instanceof Y.YMapEvent) || !(event.target instanceof Y.Map) || !event.keysChanged.has('title')) continue;
        const sentAt = Number(String(event.target.get('title')).split(':')[2]);
        if (sentAt > 0) latencies.push(at - sentAt);
      }
    });
  }
  const cpu = process.cpuUsage();
  const wall = now();
  await Promise.all(servers.map((server) => server.loopDelay()));
  const wireBefore = wireTotal(receivers);
  recording = true;
  const start = now() + 50;
  let sent = 0;
  let expected = 0;
  await editInOpenLoop(writers, start, options, (writer) => {
    sent++;
    // Every receiver but the writer itself gets each of its edits.
    expected += receivers.length - (receivers.includes(writer) ? 1 : 0);
  });
  // The busiest server's loop: with several instances, the worst of them.
  const loops = await Promise.all(servers.map((server) => server.loopDelay()));
  await sleep(1_500);
  recording = false;
  const wireAfter = wireTotal(receivers);
  const generatorCpu = cpuPercent(cpu, now() - wall);
  new Set([...writers, ...receivers]).forEach((replica) => replica.destroy());
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    loopP99: Math.max(...loops.map((loop) => loop.p99)),
    writers: writers.length,
    sent,
    delivered: latencies.length,
    expected,
    generatorCpu,
    ...serverCpu(loops, latencies.length),
    bytesPerUpdate: (wireAfter.updateBytes - wireBefore.updateBytes) / Math.max(1, wireAfter.updateFrames - wireBefore.updateFrames),
    bytesPerDelivery: (wireAfter.allBytes - wireBefore.allBytes) / Math.max(1, latencies.length),
  };
}

/**
 * The fan-out's edits from `start`: writer i retitles its card `w<i>` `rate` times a second for
 * `seconds`, staggered, with a cursor move each time. Open loop: the title carries the intended
 * send time (`w<i>:<edit>:<ms>`), so a late generator shows as latency. `edited` after each edit.
 */
export async function editInOpenLoop<W extends Pick<Replica, 'doc' | 'setAwareness'>>(writers: readonly W[], start: number, options: FanOutOptions, edited: (writer: W) => void): Promise<void> {
  const interval = 1000 / options.rate;
  await Promise.all(
    writers.map(async (writer, i) => {
      for (let k = 0; ; k++) {
        const intended = start + (i / writers.length) * interval + k * interval;
        if (intended > start + options.seconds * 1000) break;
        const wait = intended - now();
        if (wait > 0) await sleep(wait);
        updateCard(writer.doc, `w${i}`, { title: `w${i}:${k}:${intended}` });
        writer.setAwareness('cursor', { card: `w${i}`, at: k });
        edited(writer);
      }
    }),
  );
}

function wireTotal(replicas: readonly Replica[]): WireBytes {
  const total: WireBytes = { updateFrames: 0, updateBytes: 0, allBytes: 0 };
  for (const { wire } of replicas) {
    total.updateFrames += wire.updateFrames;
    total.updateBytes += wire.updateBytes;
    total.allBytes += wire.allBytes;
  }
  return total;
}

export interface MemoryResult {
  /** Live heap + external memory (after a full collection) per loaded idle document with one client. */
  perDocumentKiB: number;
  /** …and per further idle connection to a loaded document. */
  perConnectionKiB: number;
  /** What closing every client gave back, in MiB of live memory (documents unload once nobody has them open). */
  releasedMiB: number;
  /** The same per-document figure from RSS, for comparison with earlier runs (noisy: GC timing, allocator pages). */
  perDocumentRssKiB: number;
}

/**
 * Workload 2: `documents` boards with two idle clients each; memory per document and per
 * connection, and what is released after. Measured as the server's live heap plus external memory
 * after a full collection (each server runs with --expose-gc; the preloaded probe collects and
 * reports on request), so the figures are what idle documents and sockets hold, not the
 * allocator's or the collector's timing.
 */
export async function manyDocuments(target: RunningTarget, documents: number): Promise<MemoryResult> {
  const names: string[] = [];
  for (let i = 0; i < documents; i += 50) names.push(...(await Promise.all(Array.from({ length: Math.min(50, documents - i) }, (_, j) => target.newBoard(`idle ${i + j}`)))));
  await sleep(2_000);
  const base = await target.heapKiB();
  const baseRss = target.rssMiB();
  const first: Replica[] = [];
  for (let i = 0; i < names.length; i += 50) first.push(...(await Promise.all(names.slice(i, i + 50).map((name) => target.connect(name)))));
  await sleep(2_000);
  const withOne = await target.heapKiB();
  const withOneRss = target.rssMiB();
  const second: Replica[] = [];
  for (let i = 0; i < names.length; i += 50) second.push(...(await Promise.all(names.slice(i, i + 50).map((name) => target.connect(name)))));
  await sleep(2_000);
  const withTwo = await target.heapKiB();
  [...first, ...second].forEach((replica) => replica.destroy());
  await sleep(5_000);
  const after = await target.heapKiB();
  return {
    perDocumentKiB: (withOne - base) / documents,
    perConnectionKiB: (withTwo - withOne) / documents,
    releasedMiB: (withTwo - after) / 1024,
    perDocumentRssKiB: ((withOneRss - baseRss) * 1024) / documents,
  };
}

export interface DurableResult {
  /** Edits reported saved per second, over the writing window plus the drain after it. */
  perSecond: number;
  /** Edits made, and edits the saved signal reported durable. */
  sent: number;
  acknowledged: number;
  /** Edit → saved signal covering it (ms), for edits made after the warm-up. */
  lagP50: number;
  lagP99: number;
  /** The same p99 over every edit, the warm-up's included. */
  lagP99WithWarmUp: number;
  generatorCpu: number;
}

/**
 * Workload 4 (ours): writers on many documents as fast as the saved signal allows (at most
 * `window` unsaved edits each); durable updates per second. With `rate`, the writers instead edit
 * open loop at that many edits per second in all, and the lag is the commit delay at that load
 * (a full window measures the window: lag ≈ documents × window ÷ throughput).
 *
 * The writers first write for `warmUpSeconds` the same way, unmeasured: setting up the documents
 * takes code paths the writing does not, and V8 throws away optimised code of the writing path
 * when they change its objects' shapes; for its first ~250 ms the server then runs that path
 * unoptimised. `lagP99WithWarmUp` keeps those edits in.
 */
export async function durableThroughput(target: RunningTarget, options: { documents: number; seconds: number; window: number; rate?: number; warmUpSeconds?: number }): Promise<DurableResult> {
  const names = await Promise.all(Array.from({ length: options.documents }, (_, i) => target.newBoard(`durable ${i}`)));
  const { connectProvider } = await import('../../test/helpers/provider.js');
  const url = target.restUrl!.replace(/^http/, 'ws').replace(/\/api\/projects\/.*$/, '/collab');
  const providers = names.map((name) => connectProvider(url, name, target.accessToken!));
  try {
    await Promise.all(
      providers.map((p, i) =>
        Promise.race([
          p.synced,
          p.denied.then((reason) => Promise.reject(new Error(`${names[i]}: denied: ${reason}`))),
          new Promise((_, reject) => setTimeout(() => reject(new Error(`${names[i]}: not synced within 30 s`)), 30_000).unref()),
        ]),
      ),
    );
  } catch (error) {
    providers.forEach((provider) => provider.destroy());
    throw error;
  }
  const lags: number[] = [];
  const warmUpLags: number[] = [];
  let acknowledged = 0;
  let sent = 0;
  const started = now();
  const measuredFrom = started + (options.warmUpSeconds ?? 0) * 1000;
  const stopAt = measuredFrom + options.seconds * 1000;
  let cpu = process.cpuUsage();
  const measuring = setTimeout(() => (cpu = process.cpuUsage()), measuredFrom - started);
  await Promise.all(
    providers.map(async (provider, i) => {
      addCard(provider.doc, { id: 'd', columnId: 'todo', title: '0' });
      const pending: { clock: number; at: number }[] = [];
      provider.provider.on('stateless', ({ payload }: { payload: string }) => {
        let message: { type?: string; clocks?: Record<string, number> };
        try {
          message = JSON.parse(payload) as typeof message;
        } catch {
          return;
        }
        if (message.type !== 'saved') return;
        const durable = message.clocks?.[String(provider.doc.clientID)] ?? 0;
        const at = now();
        while (pending.length > 0 && pending[0]!.clock <= durable) {
          const made = pending.shift()!;
          if (made.at < measuredFrom) {
            warmUpLags.push(at - made.at);
            continue;
          }
          lags.push(at - made.at);
          acknowledged++;
        }
      });
      let n = 0;
      const edit = () => {
        updateCard(provider.doc, 'd', { title: `${i}:${n++}` });
        const at = now();
        pending.push({ clock: Y.getState(provider.doc.store, provider.doc.clientID), at });
        if (at >= measuredFrom) sent++;
      };
      if (options.rate !== undefined) {
        // Open loop: every few milliseconds, the edits due by then (each its own update and message).
        const perMs = options.rate / options.documents / 1000;
        while (now() < stopAt) {
          const due = Math.floor((now() - started) * perMs) - n;
          for (let k = 0; k < due; k++) edit();
          await sleep(2);
        }
      } else {
        while (now() < stopAt) {
          if (pending.length >= options.window) {
            await sleep(1);
            continue;
          }
          edit();
          if (n % 20 === 0) await sleep(0);
        }
      }
      while (pending.length > 0 && now() < stopAt + 10_000) await sleep(10);
    }),
  );
  clearTimeout(measuring);
  const elapsed = now() - measuredFrom;
  const generatorCpu = cpuPercent(cpu, elapsed);
  providers.forEach((provider) => provider.destroy());
  return {
    perSecond: acknowledged / (elapsed / 1000),
    sent,
    acknowledged,
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
    lagP99WithWarmUp: percentile([...warmUpLags, ...lags], 99),
    generatorCpu,
  };
}

/** Workload 5: K clients, each with `edits` divergent offline edits, reconnect at once; time until all agree. */
export async function offlineMerge(target: RunningTarget, options: { clients: number; edits: number }): Promise<{ convergeMs: number }> {
  const name = await target.newBoard('offline merge');
  const replicas = await connectAll(target, name, options.clients, options.clients);
  await waitFor(() => replicas.every((replica) => replica.doc.getMap('columns').has('todo')));
  replicas.forEach((replica) => replica.disconnect());
  await sleep(1_000);
  const cardsEach = Math.round(options.edits / 5);
  replicas.forEach((replica, i) => {
    for (let n = 0; n < cardsEach; n++) addCard(replica.doc, { id: `k${i}-${n}`, columnId: 'todo', title: `${n}` });
    for (let n = 0; n < options.edits - cardsEach; n++) updateCard(replica.doc, `k${i}-${n % cardsEach}`, { title: `edit ${n}` });
  });
  const expected = options.clients * cardsEach;
  const start = now();
  replicas.forEach((replica) => replica.connect());
  const agreed = () => {
    const first = Y.encodeStateVector(replicas[0]!.doc);
    return replicas.every((r) => r.doc.getMap('cards').size === expected && Buffer.from(Y.encodeStateVector(r.doc)).equals(Buffer.from(first)));
  };
  while (!agreed()) {
    if (now() - start > 60_000) throw new Error('offline merge did not converge within 60 s');
    await sleep(2);
  }
  const convergeMs = now() - start;
  replicas.forEach((replica) => replica.destroy());
  return { convergeMs };
}

/** Workload 6 (ours): requests per second and p99 for the busiest existing routes. */
export async function rest(target: RunningTarget, seconds: number): Promise<{ route: string; rps: number; p99: number }[]> {
  const origin = new URL(target.restUrl!).origin;
  const routes = [
    ['GET …/documents (list a project’s boards)', `${target.restUrl}/documents`],
    ['GET /auth/user/profile', `${origin}/auth/user/profile`],
  ] as const;
  const results = [];
  for (const [route, url] of routes) {
    const result = await autocannon({ url, connections: 10, duration: seconds, headers: { authorization: `Bearer ${target.accessToken}` } });
    results.push({ route, rps: result.requests.average, p99: result.latency.p99 });
  }
  return results;
}
