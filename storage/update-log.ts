import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { type UpdateToStore, appendUpdates } from './document-log.js';

export type LoggedUpdate = UpdateToStore;

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * Group commit: updates queue while one batch is being written, and the next batch takes all
 * of them in one transaction. Nothing waits on it to fan an update out. A failed write keeps
 * its updates (in order) and retries with backoff, so nothing reported saved is ever lost and
 * nothing unsaved is ever reported saved.
 */
export class UpdateLog {
  private pending: LoggedUpdate[] = [];
  private running: Promise<void> | undefined;
  private retryMs = RETRY_FIRST_MS;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly onCommitted: (batch: LoggedUpdate[]) => void,
  ) {}

  append(entry: LoggedUpdate): void {
    this.pending.push(entry);
    this.start();
  }

  /** Resolves when everything appended so far is committed. */
  async flush(): Promise<void> {
    while (this.running || this.pending.length > 0) {
      this.start();
      await this.running;
    }
  }

  get backlog(): number {
    return this.pending.length;
  }

  private start(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        await appendUpdates(this.db, batch);
        this.retryMs = RETRY_FIRST_MS;
      } catch (error) {
        this.pending.unshift(...batch);
        this.logger.error({ err: error, updates: batch.length, retryInMs: this.retryMs }, 'could not store document updates; keeping them and retrying');
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
        this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
        continue;
      }
      this.onCommitted(batch);
    }
  }
}
