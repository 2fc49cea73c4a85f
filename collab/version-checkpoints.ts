import type { Logger } from '../platform/logger.js';

export interface CheckpointPolicy {
  /** A checkpoint once a document has been quiet this long after a change. */
  quietMs: number;
  /** …or once this many updates were committed since the last one… */
  everyUpdates: number;
  /**
   * …but, counted by updates, not sooner than this after the document's previous checkpoint
   * began. Each checkpoint reads the document's whole log and replays it on the garbage
   * collection thread: a document written without pause (500 updates a second) was checkpointed
   * every second, which took that thread from compaction (tails grew to thousands of updates)
   * and the event loop's time from every other document.
   */
  minSpacingMs: number;
}

/** Saves an automatic checkpoint of the document as it is committed now (`saveVersion`). */
export type SaveCheckpoint = (documentName: string) => Promise<unknown>;

interface Pending {
  updates: number;
  timer?: NodeJS.Timeout;
}

/**
 * Automatic history checkpoints of loaded documents: after a quiet spell, after many updates,
 * and when a document unloads with changes since its last one. One checkpoint per document at a
 * time, and at most one more due after it: a checkpoint saves the state committed when it runs,
 * so however many came due meanwhile, one taken afterwards covers them all. (Chained one per due,
 * a document written faster than its checkpoints finish queued them without end, each reading a
 * longer log.) A failed one is logged and the next change schedules another (history is a
 * convenience, the update log is what keeps the data).
 */
export class VersionCheckpoints {
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<void>>();
  /** Documents that came due while their checkpoint ran. */
  private readonly dueAgain = new Set<string>();
  /** When each loaded document's latest checkpoint began (`Date.now()`), for `minSpacingMs`. */
  private readonly lastBegun = new Map<string, number>();

  constructor(
    private readonly save: SaveCheckpoint,
    private readonly logger: Logger,
    private readonly policy: CheckpointPolicy,
  ) {}

  committed(name: string, updates: number): void {
    const pending = this.pending.get(name) ?? { updates: 0 };
    this.pending.set(name, pending);
    pending.updates += updates;
    clearTimeout(pending.timer);
    let waitMs = this.policy.quietMs;
    if (pending.updates >= this.policy.everyUpdates) {
      const spacedMs = (this.lastBegun.get(name) ?? -Infinity) + this.policy.minSpacingMs - Date.now();
      if (spacedMs <= 0) return this.take(name);
      // Due by count, too soon after the last one: taken once spaced out (or quiet, or unloaded, if sooner).
      waitMs = Math.min(waitMs, spacedMs);
    }
    pending.timer = setTimeout(() => this.take(name), waitMs);
    pending.timer.unref();
  }

  unloaded(name: string): void {
    if (this.pending.has(name)) this.take(name);
    this.lastBegun.delete(name);
  }

  /** For shutdown: takes what is due and waits for every checkpoint in progress (and the one due after it). */
  async flush(): Promise<void> {
    for (const name of [...this.pending.keys()]) this.take(name);
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private take(name: string): void {
    const pending = this.pending.get(name);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(name);
    if (this.running.has(name)) {
      this.dueAgain.add(name);
      return;
    }
    this.lastBegun.set(name, Date.now());
    const run = Promise.resolve()
      .then(() => this.save(name))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error, documentName: name }, 'could not save a history checkpoint; the next change schedules another'),
      )
      .finally(() => {
        this.running.delete(name);
        if (this.dueAgain.delete(name)) this.take(name);
      });
    this.running.set(name, run);
  }
}
