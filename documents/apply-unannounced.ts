import * as Y from 'yjs';

const UPDATE_EVENTS = ['update', 'updateV2'] as const;

/**
 * Applies stored updates to a document in one transaction that raises no `update` event. Yjs
 * encodes a transaction's whole change again for any `update` listener; loading a 10,000-card
 * board that way costs ~45 ms and a 2.4 MB copy that a listener attached before the load (a
 * Hocuspocus document queues it for a broadcast to nobody) only throws away. Observers and
 * `afterTransaction` still run; listeners are back in place when this returns, even if it throws.
 */
export function applyUnannounced(doc: Y.Doc, updates: readonly Uint8Array[], origin: unknown): void {
  const observers = doc._observers;
  const held = UPDATE_EVENTS.map((event) => [event, observers.get(event)] as const);
  for (const [event] of held) observers.delete(event);
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    }, origin);
  } finally {
    for (const [event, listeners] of held) {
      if (!listeners) continue;
      // Anyone who subscribed meanwhile keeps their subscription.
      const added = observers.get(event);
      observers.set(event, added ? new Set([...listeners, ...added]) : listeners);
    }
  }
}
