import type { Extension, afterLoadDocumentPayload, onLoadDocumentPayload } from '@hocuspocus/server';

/**
 * Holds loads of a document while it is being reset (an erasure rewriting its stored state): a
 * client that reconnects at once, or a server-side edit, waits and then loads the new state rather
 * than the old one (which it would write back). Runs before every other extension's load.
 */
export class ResetGate implements Extension {
  priority = 2000;
  private readonly resets = new Map<string, Promise<unknown>>();
  /** Loads that went past the gate and have not finished: a reset must wait for them (they read the old state). */
  private readonly passed = new Map<string, number>();
  private begun = 0;

  /** Resets begun on this instance so far, of any document: a read that saw this number change may hold what a reset removed. */
  get resetsBegun(): number {
    return this.begun;
  }

  /** Whether a reset of the document is under way here. */
  resetting(documentName: string): boolean {
    return this.resets.has(documentName);
  }

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<void> {
    // A failed reset leaves the stored state as it was: loading that is right.
    for (let pending = this.resets.get(documentName); pending; pending = this.resets.get(documentName)) await pending.catch(() => undefined);
    this.passed.set(documentName, (this.passed.get(documentName) ?? 0) + 1);
  }

  async afterLoadDocument({ documentName }: afterLoadDocumentPayload): Promise<void> {
    const left = (this.passed.get(documentName) ?? 1) - 1;
    if (left > 0) this.passed.set(documentName, left);
    else this.passed.delete(documentName);
  }

  /**
   * Whether a load of the document went past the gate and is still under way. Only such a load may
   * be waited for during a reset: one held at the gate waits for the reset itself.
   */
  loadPassed(documentName: string): boolean {
    return (this.passed.get(documentName) ?? 0) > 0;
  }

  /** Runs `work` with loads of the document held; resets of one document run one after the other. */
  async hold<T>(documentName: string, work: () => Promise<T>): Promise<T> {
    for (let pending = this.resets.get(documentName); pending; pending = this.resets.get(documentName)) await pending.catch(() => undefined);
    this.begun += 1;
    const running = work();
    this.resets.set(documentName, running);
    try {
      return await running;
    } finally {
      if (this.resets.get(documentName) === running) this.resets.delete(documentName);
    }
  }
}
