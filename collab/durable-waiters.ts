/** Someone waiting for clocks of a document to be committed (a server-side edit before it answers). */
interface DurableWaiter {
  clocks: Map<number, number>;
  /** True once the clocks are committed; false when they never will be. */
  resolve(durable: boolean): void;
}

/**
 * Who waits for clocks of a loaded document to be committed, and which loaded copies will commit
 * nothing more (their updates were dropped: the document was reset on another instance). What is
 * committed is the caller's to say (`covered`); it wakes the waiters after each commit.
 */
export class DurableWaiters {
  private readonly waiters = new Map<string, Set<DurableWaiter>>();
  private readonly stale = new Set<string>();

  constructor(private readonly covered: (documentName: string, clocks: Map<number, number>) => boolean) {}

  /** True once every clock given is committed (at once when it already is); false when they never will be. */
  when(documentName: string, clocks: Map<number, number>): Promise<boolean> {
    if (this.covered(documentName, clocks)) return Promise.resolve(true);
    if (this.stale.has(documentName)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const set = this.waiters.get(documentName) ?? new Set<DurableWaiter>();
      set.add({ clocks, resolve });
      this.waiters.set(documentName, set);
    });
  }

  /** Something of the document was committed: those now covered stop waiting. */
  wake(documentName: string): void {
    const set = this.waiters.get(documentName);
    if (!set) return;
    for (const waiter of [...set]) {
      if (!this.covered(documentName, waiter.clocks)) continue;
      set.delete(waiter);
      waiter.resolve(true);
    }
    if (set.size === 0) this.waiters.delete(documentName);
  }

  /** Nothing more of this copy will be committed: everyone waiting is answered now, and anyone later at once. */
  markStale(documentName: string): void {
    this.stale.add(documentName);
    this.release(documentName);
  }

  /** The document unloaded: what is not committed by now never will be. */
  forget(documentName: string): void {
    this.release(documentName);
    this.stale.delete(documentName);
  }

  private release(documentName: string): void {
    for (const waiter of this.waiters.get(documentName) ?? []) waiter.resolve(this.covered(documentName, waiter.clocks));
    this.waiters.delete(documentName);
  }
}
