import type { Extension, onLoadDocumentPayload } from '@hocuspocus/server';

/**
 * Holds loads of a document while it is being reset (an erasure rewriting its stored state): a
 * client that reconnects at once, or a server-side edit, waits and then loads the new state rather
 * than the old one (which it would write back). Runs before every other extension's load.
 */
export class ResetGate implements Extension {
  priority = 2000;
  private readonly resets = new Map<string, Promise<unknown>>();

  async onLoadDocument({ documentName }: onLoadDocumentPayload): Promise<void> {
    // A failed reset leaves the stored state as it was: loading that is right.
    for (let pending = this.resets.get(documentName); pending; pending = this.resets.get(documentName)) await pending.catch(() => undefined);
  }

  /** Runs `work` with loads of the document held; resets of one document run one after the other. */
  async hold<T>(documentName: string, work: () => Promise<T>): Promise<T> {
    for (let pending = this.resets.get(documentName); pending; pending = this.resets.get(documentName)) await pending.catch(() => undefined);
    const running = work();
    this.resets.set(documentName, running);
    try {
      return await running;
    } finally {
      if (this.resets.get(documentName) === running) this.resets.delete(documentName);
    }
  }
}
