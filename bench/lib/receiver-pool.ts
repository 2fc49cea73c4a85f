import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LightAddress, Receipts } from './light-client.js';
import type { FromReceivers, ToReceivers } from './receiver-process.js';

const ENTRY = fileURLToPath(new URL('./receiver-process.ts', import.meta.url));

/** A fan-out's receivers spread over several load-generator processes (each inherits the generator's CPU pinning). */
export class ReceiverPool {
  private constructor(private readonly children: ChildProcess[]) {}

  /** `count` light receivers of `address`, as evenly as can be over `processes` processes. */
  static async connect(address: LightAddress, count: number, processes: number): Promise<ReceiverPool> {
    const children = Array.from({ length: Math.max(1, processes) }, () => fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    const pool = new ReceiverPool(children);
    try {
      await Promise.all(
        children.map(async (child, i) => {
          const share = Math.floor(count / children.length) + (i < count % children.length ? 1 : 0);
          const answer = await pool.ask(child, { type: 'connect', address, count: share });
          if (answer.type === 'failed') throw new Error(`receivers could not connect: ${answer.message}`);
        }),
      );
      return pool;
    } catch (error) {
      pool.close();
      throw error;
    }
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
