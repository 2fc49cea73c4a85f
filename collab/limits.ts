/**
 * Per-connection and per-document budgets. Pure bookkeeping (no timers, no I/O): the caller
 * passes the clock, so tests and the WebSocket bridge share one implementation.
 */
export interface CollabLimits {
  /** Largest WebSocket frame; enforced by `ws` itself (close 1009). */
  maxMessageBytes: number;
  /** Largest document, as stored (snapshot and log, deleted content included until compaction); an update that would grow past it is refused. */
  maxDocumentBytes: number;
  /** Bytes a socket may send for documents before it is admitted to them (queued until then). */
  maxUnauthenticatedBytes: number;
  /** Bytes of updates one socket may have waiting for content the document does not have yet. */
  maxWaitingBytes: number;
  /** How long such an update may wait before the socket is closed (`missing-dependencies`). */
  maxWaitMs: number;
  /** New Yjs client ids one connection may introduce. */
  newClientIdsPerConnection: number;
  /** New Yjs client ids one person or API key may introduce in one document per day. */
  newClientIdsPerDay: number;
  /** Sustained Yjs updates per second a connection may send. */
  updatesPerSecond: number;
  /** Updates a connection may send at once before the sustained rate applies (reconnect bursts). */
  updateBurst: number;
}

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
