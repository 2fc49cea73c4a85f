import * as Y from 'yjs';
import { addCard, initBoard } from '../../documents/kanban/board.js';
import { DEFAULT_COLUMNS } from '../../documents/kanban/model.js';
import { LightWriter } from './light-client.js';
import { ReceiverPool } from './receiver-pool.js';
import { percentile } from './stats.js';
import type { RunningTarget } from './targets.js';
import { type FanOutOptions, type FanOutResult, editInOpenLoop, serverCpu } from './workloads.js';
import { now, sleep } from './clock.js';


/**
 * Workload 1 at sizes where providers would measure the generator (400 clients: ~80,000 decoded
 * deliveries a second): the same board, writer share, rate and cursor moves, with light clients
 * (`light-client.ts`) that decode nothing after their first sync, the receivers spread over
 * `processes` load-generator processes. Latency is intended send → receipt at every receiver
 * (the writers, in this process, record nothing); clocks are each process's
 * `performance.timeOrigin + now()`, which agree within ~0.05 ms between processes on one machine
 * (measured over IPC round trips). With `pastClients`, the board first gets that many cards, each
 * added by a client id of its own: a board used for months (see `pastSessions`).
 */
export async function lightFanOut(target: RunningTarget, clients: number, options: FanOutOptions & { processes: number; pastClients?: number }): Promise<FanOutResult> {
  const name = await target.newBoard(`light fan-out ${clients}`);
  const address = target.lightAddress(name);
  const writerCount = Math.max(1, Math.round(clients * options.writerShare));
  const writers: LightWriter[] = [];
  let pool: ReceiverPool | undefined;
  try {
    // The baselines keep no board: the first writer seeds it, and the others sync the seeded board
    // (a writer reads nothing after its first sync).
    writers.push(await LightWriter.connect(address));
    if (writers[0]!.doc.getMap('columns').size === 0) {
      initBoard(writers[0]!.doc, DEFAULT_COLUMNS);
      await sleep(500);
    }
    if (options.pastClients) {
      Y.applyUpdate(writers[0]!.doc, pastSessions(writers[0]!.doc, options.pastClients));
      await sleep(1_000);
    }
    for (let i = 1; i < writerCount; i += 25) writers.push(...(await Promise.all(Array.from({ length: Math.min(25, writerCount - i) }, () => LightWriter.connect(address)))));
    writers.forEach((writer, i) => addCard(writer.doc, { id: `w${i}`, columnId: 'todo', title: `w${i}:0:0` }));
    const receivers = clients - writerCount;
    pool = await ReceiverPool.connect(address, receivers, options.processes);
    await sleep(1_000);
    const cpu = process.cpuUsage();
    const wall = now();
    await target.loopDelay();
    pool.record(true);
    const start = now() + 50;
    let sent = 0;
    await editInOpenLoop(writers, start, options, () => sent++);
    const loop = await target.loopDelay();
    await sleep(1_500);
    pool.record(false);
    const { receipts, cpuMs } = await pool.report();
    const used = process.cpuUsage(cpu);
    const wallMs = now() - wall;
    return {
      p50: percentile(receipts.latencies, 50),
      p95: percentile(receipts.latencies, 95),
      p99: percentile(receipts.latencies, 99),
      max: percentile(receipts.latencies, 100),
      loopP99: loop.p99,
      writers: writerCount,
      sent,
      delivered: receipts.latencies.length,
      expected: sent * receivers,
      // Every generator process's CPU over the window, as a share of one core.
      generatorCpu: (((used.user + used.system) / 1000 + cpuMs) / wallMs) * 100,
      ...serverCpu([loop], receipts.latencies.length),
      bytesPerUpdate: receipts.updateBytes / Math.max(1, receipts.updateFrames),
      bytesPerDelivery: receipts.allBytes / Math.max(1, receipts.latencies.length),
    };
  } finally {
    pool?.close();
    writers.forEach((writer) => writer.close());
  }
}

/**
 * An update in which `count` clients, each with a client id of its own, added one card: what
 * months of sessions leave in a board (every page load is a new Yjs client id, and a document
 * keeps every client id it has seen). Yjs's cost per transaction grows with them (it takes and
 * walks the state vector before and after), for every server alike.
 */
function pastSessions(doc: Y.Doc, count: number): Uint8Array {
  const board = Y.encodeStateAsUpdate(doc);
  const vector = Y.encodeStateVector(doc);
  const sessions: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const session = new Y.Doc();
    Y.applyUpdate(session, board);
    addCard(session, { id: `past${i}`, columnId: 'todo', title: `past ${i}` });
    sessions.push(Y.encodeStateAsUpdate(session, vector));
    session.destroy();
  }
  return Y.mergeUpdates(sessions);
}
