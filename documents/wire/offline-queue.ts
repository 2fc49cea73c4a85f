import { readAddress } from './address-aliases.js';
import { MessageType, SyncStep } from './protocol.js';

/** Whether a Hocuspocus frame carries a single sync update (not a step of the sync handshake). */
export function isSyncUpdate(frame: Uint8Array): boolean {
  try {
    const { rest } = readAddress(frame);
    return frame[rest] === MessageType.Sync && frame[rest + 1] === SyncStep.Update;
  } catch {
    return false;
  }
}

/**
 * Makes a `HocuspocusProviderWebsocket` stop queueing edits made while it is offline. It keeps
 * every message for the next connection, so 1,000 offline edits arrive as 1,000 updates that the
 * server checks, logs and relays one by one; yet every (re)connection starts with the sync
 * handshake, in which the server asks for everything it lacks (its sync step 1) and the provider
 * answers with one update holding all of it (step 2), so the queued copies are redundant. The
 * handshake's own messages, presence and stateless messages are still queued.
 *
 * `addToQueue` is private in @hocuspocus/provider 4 (pinned): a version without it is left as it
 * is (everything still arrives, one by one), and `test/collab-offline-queue.test.ts` fails.
 */
export function syncOfflineEditsByHandshake(websocketProvider: object): void {
  const queueing = websocketProvider as { addToQueue?: (message: unknown) => void };
  const addToQueue = queueing.addToQueue;
  if (typeof addToQueue !== 'function') return;
  queueing.addToQueue = (message: unknown) => {
    if (message instanceof Uint8Array && isSyncUpdate(message)) return;
    addToQueue.call(websocketProvider, message);
  };
}
