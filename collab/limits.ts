/**
 * Per-connection and per-document budgets. Pure bookkeeping (no timers, no I/O): the caller
 * passes the clock, so tests and the WebSocket bridge share one implementation. The limits
 * themselves are configuration, shaped on the ground floor.
 */
export type { CollabLimits } from '../platform/config.js';

/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export class UpdateBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Spends one token; false when the budget is exhausted. */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * The stored size of each loaded document (snapshot plus logged updates): what loading it costs
 * and what it occupies, deleted and repaired-away content included until compaction folds it
 * away. Set at load and after each compaction, grown by each logged update.
 */
export class DocumentSizes {
  private readonly sizes = new Map<string, number>();

  set(name: string, bytes: number): void {
    this.sizes.set(name, bytes);
  }

  grow(name: string, bytes: number): void {
    const size = this.sizes.get(name);
    if (size !== undefined) this.sizes.set(name, size + bytes);
  }

  get(name: string): number {
    return this.sizes.get(name) ?? 0;
  }

  forget(name: string): void {
    this.sizes.delete(name);
  }
}
