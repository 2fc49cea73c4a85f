import * as Y from 'yjs';

/**
 * The server's saved signal, read on the client: after each commit the server broadcasts, per
 * Yjs client id, the clock up to which that client's changes are durable. This replica's
 * changes are saved when its own clock is covered. Pure: feed it the provider's stateless
 * payloads (`onStateless: ({ payload }) => status.receive(payload)`); works in browsers and Node.
 */
export interface SavedMessage {
  type: 'saved';
  clocks: Record<string, number>;
}

export function encodeSavedMessage(clocks: Map<number, number>): string {
  return JSON.stringify({ type: 'saved', clocks: Object.fromEntries(clocks) } satisfies SavedMessage);
}

export class SavedStatus {
  private durableClock = 0;
  private readonly listeners = new Set<(saved: boolean) => void>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('update', () => this.notify());
  }

  /** Handles a stateless payload; false when it was not a saved message. */
  receive(payload: string): boolean {
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch {
      return false;
    }
    if (!isSavedMessage(message)) return false;
    const clock = message.clocks[String(this.doc.clientID)];
    if (typeof clock === 'number' && clock > this.durableClock) {
      this.durableClock = clock;
      this.notify();
    }
    return true;
  }

  /** True when every local change has been committed by the server. */
  get saved(): boolean {
    return Y.getState(this.doc.store, this.doc.clientID) <= this.durableClock;
  }

  onChange(listener: (saved: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every change made so far is durable. */
  whenSaved(): Promise<void> {
    if (this.saved) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.onChange((saved) => {
        if (saved) {
          stop();
          resolve();
        }
      });
    });
  }

  private notify(): void {
    const saved = this.saved;
    for (const listener of this.listeners) listener(saved);
  }
}

function isSavedMessage(value: unknown): value is SavedMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'saved' && typeof (value as { clocks?: unknown }).clocks === 'object';
}
