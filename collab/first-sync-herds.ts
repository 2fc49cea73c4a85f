/**
 * The clients opening a document together from its stored state (`StoredFirstSync`), as the
 * server's own load of that document needs to know them: integrating a large document blocks the
 * event loop for ~200 ms, and a client still being authenticated when it starts is answered only
 * after it, by Hocuspocus, with an encoding of its own. So the load waits, within a bound, until
 * no client of the herd is still being authenticated and what each was sent is written out.
 */
export class FirstSyncHerds {
  /** Per document, the sends begun and not yet known to be written out. */
  private readonly deliveries = new Map<string, Promise<void>[]>();
  /** Per document, clients that asked to start from nothing and are not authenticated yet. */
  private readonly authenticating = new Map<string, number>();
  /** Per document, the waiter of `settled` to wake when either of the above changes. */
  private readonly wakers = new Map<string, () => void>();

  /** A client of the document is being authenticated; the returned call says it no longer is (idempotent). */
  expect(documentName: string): () => void {
    this.authenticating.set(documentName, (this.authenticating.get(documentName) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.authenticating.get(documentName) ?? 1) - 1;
      if (left > 0) this.authenticating.set(documentName, left);
      else this.authenticating.delete(documentName);
      this.wake(documentName);
    };
  }

  delivering(documentName: string, written: Promise<void>): void {
    const pending = this.deliveries.get(documentName);
    if (pending) pending.push(written);
    else this.deliveries.set(documentName, [written]);
    this.wake(documentName);
  }

  /** Settles once nobody of the document's herd is being authenticated and every send begun is written out, or after `maxWaitMs`. */
  async settled(documentName: string, maxWaitMs: number): Promise<void> {
    let over = false;
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        over = true;
        resolve();
      }, maxWaitMs);
    });
    try {
      while (!over) {
        // While someone is still being authenticated its send has not begun: wait for news.
        if (this.authenticating.has(documentName)) {
          await Promise.race([new Promise<void>((resolve) => this.wakers.set(documentName, resolve)), timeUp]);
          continue;
        }
        const begun = this.deliveries.get(documentName);
        if (!begun) return;
        this.deliveries.delete(documentName);
        await Promise.race([Promise.allSettled(begun), timeUp]);
      }
    } finally {
      clearTimeout(timer);
      this.wakers.delete(documentName);
    }
  }

  forget(documentName: string): void {
    this.deliveries.delete(documentName);
    this.wake(documentName);
  }

  private wake(documentName: string): void {
    const wake = this.wakers.get(documentName);
    this.wakers.delete(documentName);
    wake?.();
  }
}
