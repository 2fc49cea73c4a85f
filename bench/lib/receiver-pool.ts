import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { now } from './clock.js';
import type { LightAddress, Receipts } from './light-client.js';
import type { FromReceivers, ToReceivers } from './receiver-process.js';

const ENTRY = fileURLToPath(new URL('./receiver-process.ts', import.meta.url));

/** A fan-out's receivers spread over several load-generator processes (each inherits the generator's CPU pinning). */
export class ReceiverPool {
  private constructor(private readonly children: ChildProcess[]) {}

  /** `processes` generator processes, each idle until asked. */
  static start(processes: number): ReceiverPool {
    return new ReceiverPool(Array.from({ length: Math.max(1, processes) }, () => fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })));
  }

  /** `count` light receivers of `address`, as evenly as can be over `processes` processes. */
  static async connect(address: LightAddress, count: number, processes: number): Promise<ReceiverPool> {
    const pool = ReceiverPool.start(processes);
    try {
      await Promise.all(
        pool.children.map(async (child, i) => {
          const answer = await pool.ask(child, { type: 'connect', address, count: pool.share(count, i) });
          if (answer.type === 'failed') throw new Error(`receivers could not connect: ${answer.message}`);
        }),
      );
      return pool;
    } catch (error) {
      pool.close();
      throw error;
    }
  }

  /**
   * A herd of `count` clients opening `name` at once, spread over the processes, each decoding
   * nothing (`deliveredAt`): the milliseconds from asking until the last has the server's whole answer.
   */
  async herdDelivered(url: string, name: string, token: string, count: number): Promise<number> {
    const start = now();
    const answers = await Promise.all(this.children.map((child, i) => this.ask(child, { type: 'first-syncs', url, name, token, count: this.share(count, i) })));
    let last = start;
    for (const answer of answers) {
      if (answer.type !== 'first-synced') throw new Error(`a herd process answered ${answer.type === 'failed' ? answer.message : answer.type}`);
      for (const at of answer.at) last = Math.max(last, at);
    }
    return last - start;
  }

  /** The `i`th process's share of `count`. */
  private share(count: number, i: number): number {
    return Math.floor(count / this.children.length) + (i < count % this.children.length ? 1 : 0);
  }

  record(on: boolean): void {
    for (const child of this.children) child.send({ type: 'record', on } satisfies ToReceivers);
  }

  /** Everything every receiver saw while recording, and the CPU time the processes spent on it (ms). */
  async report(): Promise<{ receipts: Receipts; cpuMs: number }> {
    const answers = await Promise.all(this.children.map((child) => this.ask(child, { type: 'report' })));
    const total = { receipts: { latencies: [] as number[], updateFrames: 0, updateBytes: 0, allBytes: 0 }, cpuMs: 0 };
    for (const answer of answers) {
      if (answer.type !== 'report') throw new Error(`a receiver process answered ${answer.type} to a report`);
      for (const latency of answer.receipts.latencies) total.receipts.latencies.push(latency);
      total.receipts.updateFrames += answer.receipts.updateFrames;
      total.receipts.updateBytes += answer.receipts.updateBytes;
      total.receipts.allBytes += answer.receipts.allBytes;
      total.cpuMs += answer.cpuMs;
    }
    return total;
  }

  /** Disconnecting ends each process (it closes its sockets and exits). */
  close(): void {
    for (const child of this.children) if (child.connected) child.disconnect();
  }

  private ask(child: ChildProcess, message: ToReceivers): Promise<FromReceivers> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`a receiver process exited (${code}) before answering ${message.type}`));
      child.once('exit', onExit);
      child.once('message', (answer: FromReceivers) => {
        child.off('exit', onExit);
        resolve(answer);
      });
      child.send(message);
    });
  }
}
