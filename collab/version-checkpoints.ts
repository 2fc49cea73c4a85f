import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { saveVersion } from '../storage/version-states.js';

export interface CheckpointPolicy {
  /** A checkpoint once a document has been quiet this long after a change. */
  quietMs: number;
  /** …or once this many updates were committed since the last one. */
  everyUpdates: number;
}

interface Pending {
  updates: number;
  timer?: NodeJS.Timeout;
}

/**
 * Automatic history checkpoints of loaded documents: after a quiet spell, after many updates,
 * and when a document unloads with changes since its last one. One checkpoint per document at a
 * time; a failed one is logged and the next change schedules another (history is a convenience,
 * the update log is what keeps the data).
 */
export class VersionCheckpoints {
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly policy: CheckpointPolicy,
  ) {}

  committed(name: string, updates: number): void {
    const pending = this.pending.get(name) ?? { updates: 0 };
    this.pending.set(name, pending);
    pending.updates += updates;
    clearTimeout(pending.timer);
    if (pending.updates >= this.policy.everyUpdates) return this.take(name);
    pending.timer = setTimeout(() => this.take(name), this.policy.quietMs);
    pending.timer.unref();
  }

  unloaded(name: string): void {
    if (this.pending.has(name)) this.take(name);
  }

  /** For shutdown: takes what is due and waits for every checkpoint in progress. */
  async flush(): Promise<void> {
    for (const name of [...this.pending.keys()]) this.take(name);
    await Promise.allSettled([...this.running.values()]);
  }

  private take(name: string): void {
    const pending = this.pending.get(name);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(name);
    const previous = this.running.get(name) ?? Promise.resolve();
    const next = previous
      .then(() => saveVersion(this.db, name, { kind: 'auto', label: null, createdBy: 'server' }))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error, documentName: name }, 'could not save a history checkpoint; the next change schedules another'),
      )
      .finally(() => {
        if (this.running.get(name) === next) this.running.delete(name);
      });
    this.running.set(name, next);
  }
}
