import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import { type DocumentVersions, type EventsWritten, StaleDocuments, type UpdateToStore, type WriteOptions, appendUpdates } from './document-log.js';

export interface LogOptions extends WriteOptions {
  /**
   * Told the documents whose updates were made on a copy from before a reset elsewhere, with each
   * one's epoch now (undefined: deleted): those updates are dropped, never reported saved, and a
   * copy of an older epoch must go (its clients reload).
   */
  onStale?(current: ReadonlyMap<string, number | undefined>): void;
}

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * Group commit: updates queue while one batch is being written, and the next batch takes all
 * of them in one transaction. Nothing waits on it to fan an update out. A failed write keeps
 * its updates (in order) and retries with backoff, so nothing reported saved is ever lost and
 * nothing unsaved is ever reported saved. Entries may carry more than is stored (`Entry`): the
 * committed batch is handed back as it was appended.
 */
export class UpdateLog<Entry extends UpdateToStore = UpdateToStore> {
  private pending: Entry[] = [];
  /** When each pending update was appended (same order as `pending`), for the commit lag. */
  private pendingSince: number[] = [];
  private running: Promise<void> | undefined;
  private retryMs = RETRY_FIRST_MS;
  /** Updates appended and committed so far, counted, so a caller can wait for exactly what came before it. */
  private appended = 0;
  private committedCount = 0;
  /** Stale updates dropped behind updates that went back to be written: done with once those commit. */
  private droppedBehind = 0;
  private readonly waiters: { upTo: number; resolve(): void }[] = [];

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    /** Told each committed batch, with the versions its documents reached. */
    private readonly onCommitted: (batch: Entry[], versions: DocumentVersions) => void,
    /** In each batch's transaction: the change feed's events to hand on (their delivery jobs commit with them). */
    private readonly onEvents?: EventsWritten,
    private readonly metrics?: Metrics,
    private readonly options: LogOptions = {},
  ) {}

  append(entry: Entry): void {
    this.pending.push(entry);
    this.pendingSince.push(performance.now());
    this.appended += 1;
    this.start();
  }

  /**
   * Resolves when everything appended before the call is committed; later appends do not hold
   * it up (under a steady stream of writes, `flush` may wait for the stream to pause).
   */
  settle(): Promise<void> {
    const upTo = this.appended;
    if (this.committedCount >= upTo) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }

  /** Resolves when everything appended so far is committed, and the log is idle. */
  async flush(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      this.start();
      await this.running;
    }
  }

  /** Updates appended and not committed yet (waiting, or in the batch being written). */
  get uncommitted(): number {
    return this.appended - this.committedCount;
  }

  private start(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const since = this.pendingSince.splice(0);
      let versions: DocumentVersions;
      try {
        versions = await appendUpdates(this.db, batch, this.onEvents, this.options);
        this.retryMs = RETRY_FIRST_MS;
      } catch (error) {
        if (error instanceof StaleDocuments && this.dropStale(batch, since, error)) continue;
        this.pending.unshift(...batch);
        this.pendingSince.unshift(...since);
        this.metrics?.commitFailures.inc();
        this.logger.error({ err: error, updates: batch.length, retryInMs: this.retryMs }, 'could not store document updates; keeping them and retrying');
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
        this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
        continue;
      }
      this.settled(batch.length + this.droppedBehind);
      this.droppedBehind = 0;
      if (this.metrics) {
        const now = performance.now();
        this.metrics.documentUpdates.inc(batch.length);
        this.metrics.commitBatchSize.observe(batch.length);
        for (const appendedAt of since) this.metrics.commitLag.observe((now - appendedAt) / 1000);
      }
      this.onCommitted(batch, versions);
    }
  }

  /** Counts `count` more updates as done with (committed, or dropped as stale), and wakes who waited for them. */
  private settled(count: number): void {
    this.committedCount += count;
    for (const waiter of this.waiters.filter((w) => w.upTo <= this.committedCount)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** Puts back what the stale documents do not cover, to be written at once, in order; drops the rest (false: nothing to drop). */
  private dropStale(batch: Entry[], since: number[], stale: StaleDocuments): boolean {
    const kept = batch.flatMap((entry, i) => (stale.covers(entry) ? [] : [{ entry, since: since[i]! }]));
    if (kept.length === batch.length) return false;
    this.pending.unshift(...kept.map((k) => k.entry));
    this.pendingSince.unshift(...kept.map((k) => k.since));
    const dropped = batch.length - kept.length;
    this.logger.warn({ documents: [...stale.current.keys()], dropped }, 'dropped updates made on a copy from before a reset elsewhere');
    // Done with (`settle` waits for what can be stored, not for what never will be), but counted only
    // once everything appended before it is: the count stands for a prefix of what was appended.
    if (kept.length > 0) {
      this.droppedBehind += dropped;
    } else {
      this.settled(dropped + this.droppedBehind);
      this.droppedBehind = 0;
    }
    this.options.onStale?.(stale.current);
    return true;
  }
}
