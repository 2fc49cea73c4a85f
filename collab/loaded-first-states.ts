import * as Y from 'yjs';
import type { StoredFirstState } from './stored-first-sync.js';

/** Below this (stored bytes), encoding a document per client costs too little to be worth keeping. */
export const MIN_BYTES_TO_SHARE = 32 * 1024;

/**
 * How long an encoding is kept when the document does not change: long enough for a herd opening
 * it together, short enough that an idle document does not hold a copy of itself.
 */
const KEEP_MS = 1_000;

/**
 * What an empty client of a loaded document is sent: the whole state, encoded once for every
 * client that asks before the document changes. Hocuspocus encodes it again for each client
 * (~25 ms for 10,000 cards, on the event loop), so twenty people opening a board at the start of
 * a meeting stalled everyone on the instance for half a second.
 */
export class LoadedFirstStates {
  private readonly states = new WeakMap<Y.Doc, StoredFirstState>();

  stateOf(document: Y.Doc): StoredFirstState {
    const kept = this.states.get(document);
    if (kept) return kept;
    // One synchronous step: the state vector says exactly what the encoding holds.
    const state: StoredFirstState = { updates: [Y.encodeStateAsUpdate(document)], stateVector: Y.encodeStateVector(document), complete: true };
    this.states.set(document, state);
    const forget = () => {
      if (this.states.get(document) === state) this.states.delete(document);
      document.off('update', forget);
      document.off('destroy', forget);
      clearTimeout(timer);
    };
    const timer = setTimeout(forget, KEEP_MS);
    timer.unref();
    document.on('update', forget);
    document.on('destroy', forget);
    return state;
  }
}
