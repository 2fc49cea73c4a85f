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
  /** Clock the server has committed, per client id of ours. */
  private readonly durable = new Map<number, number>();
  /** Earlier client ids of this replica (edits made before a reload, kept in IndexedDB). */
  private readonly earlier = new Set<number>();
  private readonly listeners = new Set<(saved: boolean) => void>();

  constructor(private readonly doc: Y.Doc) {
    doc.on('update', () => this.notify());
  }

  /**
   * Also waits for these client ids' changes: a browser that reloads gets a new client id,
   * while its unsent offline edits (restored from local storage) carry the old one.
   */
  track(clientIds: Iterable<number>): void {
    for (const id of clientIds) if (id !== this.doc.clientID) this.earlier.add(id);
    this.notify();
  }

  /** Our client ids whose changes are all committed (safe to stop tracking). */
  get savedClients(): number[] {
    return this.clients().filter((id) => Y.getState(this.doc.store, id) <= (this.durable.get(id) ?? 0));
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
    let changed = false;
    for (const id of this.clients()) {
      const clock = message.clocks[String(id)];
      if (typeof clock === 'number' && clock > (this.durable.get(id) ?? 0)) {
        this.durable.set(id, clock);
        changed = true;
      }
    }
    if (changed) this.notify();
    return true;
  }

  /** True when every local change has been committed by the server. */
  get saved(): boolean {
    return this.savedClients.length === this.clients().length;
  }

  private clients(): number[] {
    return [this.doc.clientID, ...this.earlier];
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
