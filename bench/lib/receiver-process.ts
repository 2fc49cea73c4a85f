/**
 * A load-generator process holding light fan-out receivers (`light-client.ts`), driven by its
 * parent over IPC (`receiver-pool.ts`): connect, record, report, exit. It also opens a share of a
 * cold-load herd (`first-syncs`): clients that decode nothing, each timed until the server's whole
 * answer has arrived.
 */
import { deliveredAt } from './first-sync-probe.js';
import { type LightAddress, LightReceiver, type Receipts } from './light-client.js';

export type ToReceivers =
  | { type: 'connect'; address: LightAddress; count: number }
  | { type: 'record'; on: boolean }
  | { type: 'report' }
  | { type: 'first-syncs'; url: string; name: string; token: string; count: number };
export type FromReceivers = { type: 'connected' } | { type: 'failed'; message: string } | { type: 'report'; receipts: Receipts; cpuMs: number } | { type: 'first-synced'; at: number[] };

const receivers: LightReceiver[] = [];
const receipts: Receipts = { latencies: [], updateFrames: 0, updateBytes: 0, allBytes: 0 };
let cpu = process.cpuUsage();
const reply = (message: FromReceivers) => process.send!(message);

async function connect(address: LightAddress, count: number): Promise<void> {
  // Twenty-five at a time, as the providers connect: a server authenticates each.
  for (let i = 0; i < count; i += 25) receivers.push(...(await Promise.all(Array.from({ length: Math.min(25, count - i) }, () => LightReceiver.connect(address, receipts)))));
}

process.on('message', (message: ToReceivers) => {
  if (message.type === 'connect') {
    connect(message.address, message.count).then(
      () => reply({ type: 'connected' }),
      (error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === 'first-syncs') {
    Promise.all(Array.from({ length: message.count }, () => deliveredAt(message.url, message.name, message.token))).then(
      (at) => reply({ type: 'first-synced', at }),
      (error: unknown) => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === 'record') {
    if (message.on) cpu = process.cpuUsage();
    receivers.forEach((receiver) => receiver.record(message.on));
  } else {
    const used = process.cpuUsage(cpu);
    reply({ type: 'report', receipts, cpuMs: (used.user + used.system) / 1000 });
  }
});
// The parent gone (done, or killed): nothing left to do.
process.on('disconnect', () => {
  receivers.forEach((receiver) => receiver.close());
  process.exit(0);
});
