import * as Y from 'yjs';

/** A small seeded generator so a failing randomized run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SYNC = 'sync';

/**
 * Replicas of one document that hold their own updates until delivered, as offline clients
 * do: `deliverSome` hands one sender's pending updates to a random subset of the others in a
 * random order (partial, reordered, with gaps); `exchangeAll` is everyone reconnecting.
 * Test support for the models' randomized convergence tests; not used at runtime.
 */
export class ReplicaNetwork {
  readonly replicas: Y.Doc[];
  private readonly outbox: Uint8Array[][];

  constructor(origin: Y.Doc, count: number) {
    this.replicas = Array.from({ length: count }, () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
      return doc;
    });
    this.outbox = this.replicas.map(() => []);
    this.replicas.forEach((doc, index) => doc.on('update', (update: Uint8Array, origin: unknown) => origin !== SYNC && this.outbox[index]!.push(update)));
  }

  deliverSome(rand: () => number, missChance = 0.3): void {
    const sender = Math.floor(rand() * this.replicas.length);
    const pending = this.outbox[sender]!.splice(0);
    for (const receiver of this.replicas) {
      if (receiver === this.replicas[sender] || rand() < missChance) continue;
      // What a receiver missed stays for the full exchange at the end.
      for (const update of [...pending].sort(() => rand() - 0.5)) Y.applyUpdate(receiver, update, SYNC);
    }
  }

  exchangeAll(): void {
    for (const a of this.replicas) for (const b of this.replicas) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a), SYNC);
  }
}
