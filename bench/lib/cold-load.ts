import v8 from 'node:v8';
import vm from 'node:vm';
import { addCard, updateCard } from '../../documents/kanban/board.js';
import { timeToDelivered } from './first-sync-probe.js';
import { ReceiverPool } from './receiver-pool.js';
import { percentile } from './stats.js';
import type { RunningTarget } from './targets.js';
import { now, sleep } from './clock.js';


/** The generator's own full garbage collection (it runs without --expose-gc: the flag is set now, `gc` taken from a fresh context). */
function generatorGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => gc();
}

export interface ColdLoadResult {
  tail: number;
  /** One provider: connected, signed in, synced and decoded (median of the repeats). */
  singleMs: number;
  /** Twenty providers at once, until the last is synced (decodes included, all on the generator's core). */
  herdMs: number;
  /** One hand-written client: until the server's whole answer has arrived, nothing decoded (median). */
  deliveredMs: number;
  /** Twenty of those at once, spread over the generator processes, until the last has everything. */
  herdDeliveredMs: number;
}

/** The same board while someone keeps it open (loaded on the server): clients that decode nothing. */
export interface LoadedBoardResult {
  /** One client until the server's whole answer has arrived (median of the repeats). */
  deliveredMs: number;
  /** Twenty at once, spread over the generator processes, until the last has everything. */
  herdDeliveredMs: number;
}

/**
 * Workload 3 (ours on PostgreSQL): a 10,000-card board stored as a snapshot plus a tail of 0,
 * 1,000 and 10,000 updates; time to first sync for one client, and for a herd of 20 at once
 * (which share one load), each both as providers (decoding on the generator's one core) and as
 * hand-written clients that decode nothing (the server's side), the herd of those spread over
 * `processes` generator processes. The server must run with compaction held off so the tail stays.
 */
export async function coldLoad(
  target: RunningTarget,
  options: { cards: number; tails: number[]; herd: number; repeats: number; processes: number },
): Promise<{ cold: ColdLoadResult[]; loaded: LoadedBoardResult }> {
  const { openDatabase } = await import('../../platform/db/open-database.js');
  const { compactDocument } = await import('../../storage/document-log.js');
  const { silentLogger } = await import('../../test/helpers/logger.js');
  const db = await openDatabase({ kind: 'postgres', url: target.databaseUrl!, poolMax: 2 }, silentLogger);
  // Each timing starts with both processes' garbage collected: a herd of twenty 10,000-card replicas
  // leaves ~0.5 GB behind in the generator, and its collection would land in the next timing.
  const collect = generatorGc();
  const herdProcesses = ReceiverPool.start(options.processes);
  const unloaded = async () => {
    await sleep(1_500);
    await target.heapKiB();
    collect();
  };
  try {
    const name = await target.newBoard('cold load');
    const writer = await target.connect(name);
    for (let batch = 0; batch < options.cards / 100; batch++) {
      writer.doc.transact(() => {
        for (let i = 0; i < 100; i++) addCard(writer.doc, { id: `c${batch * 100 + i}`, columnId: ['todo', 'in-progress', 'review', 'done'][i % 4]!, title: `Card ${batch * 100 + i}` });
      });
    }
    await sleep(3_000);
    writer.destroy();
    await unloaded();
    await compactDocument(db, name);
    const results: ColdLoadResult[] = [];
    let tail = 0;
    for (const wanted of options.tails) {
      if (wanted > tail) {
        const editor = await target.connect(name);
        for (let n = tail; n < wanted; n++) updateCard(editor.doc, `c${n % options.cards}`, { title: `Edited ${n}` });
        await sleep(3_000);
        editor.destroy();
        await unloaded();
        tail = wanted;
      }
      const singles: number[] = [];
      for (let r = 0; r < options.repeats; r++) {
        const start = now();
        const replica = await target.connect(name);
        singles.push(now() - start);
        if (replica.doc.getMap('cards').size !== options.cards) throw new Error(`loaded ${replica.doc.getMap('cards').size} cards, expected ${options.cards}`);
        replica.destroy();
        await unloaded();
      }
      const start = now();
      const herd = await Promise.all(Array.from({ length: options.herd }, () => target.connect(name)));
      const herdMs = now() - start;
      herd.forEach((replica) => replica.destroy());
      await unloaded();
      const delivered: number[] = [];
      for (let r = 0; r < options.repeats; r++) {
        delivered.push(await timeToDelivered(target.collabUrl!, name, target.accessToken!));
        await unloaded();
      }
      const herdDeliveredMs = await herdProcesses.herdDelivered(target.collabUrl!, name, target.accessToken!, options.herd);
      await unloaded();
      results.push({ tail, singleMs: percentile(singles, 50), herdMs, deliveredMs: percentile(delivered, 50), herdDeliveredMs });
    }
    // A board already open (a meeting where everyone opens it at once): the server answers from memory.
    const keeper = await target.connect(name);
    try {
      const delivered: number[] = [];
      for (let r = 0; r < options.repeats; r++) {
        collect();
        delivered.push(await timeToDelivered(target.collabUrl!, name, target.accessToken!));
        await sleep(200);
      }
      collect();
      const herdDeliveredMs = await herdProcesses.herdDelivered(target.collabUrl!, name, target.accessToken!, options.herd);
      return { cold: results, loaded: { deliveredMs: percentile(delivered, 50), herdDeliveredMs } };
    } finally {
      keeper.destroy();
    }
  } finally {
    herdProcesses.close();
    await db.close();
  }
}
