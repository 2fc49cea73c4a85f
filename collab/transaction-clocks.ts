import type * as Y from 'yjs';

/**
 * Per Yjs client, the clock after a transaction's last struct: what `parseUpdateMeta(update).to`
 * reads from the update the transaction emits, without encoding or parsing it.
 */
export function clocksReached(transaction: Y.Transaction): Map<number, number> {
  const reached = new Map<number, number>();
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) reached.set(client, clock);
  return reached;
}

/** Whether a transaction changed the document: what makes Yjs emit an update for it. */
export function changedDocument(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  // Asked after every transaction: the first moved clock answers, without building the map.
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}
