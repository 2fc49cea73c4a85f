import { Piscina } from 'piscina';

export interface CollectedState {
  state: Uint8Array;
  stateVector: Uint8Array;
}

/**
 * One thread per process, started on first use and stopped after a minute idle. Its priority is
 * lowered (`niceIncrement`), so on a busy core the event loop relaying edits goes first.
 */
let pool: Piscina | undefined;
const threads = () =>
  (pool ??= new Piscina({ filename: new URL('./garbage-collection.worker.mjs', import.meta.url).href, minThreads: 0, maxThreads: 1, idleTimeout: 60_000, niceIncrement: 10 }));

/**
 * The state the updates add up to, with deleted content reduced to its length, and its state
 * vector, worked out on a worker thread (`garbage-collection.worker.mjs`): replaying a log of
 * hundreds of updates takes tens of milliseconds on a small machine, long enough to delay every
 * edit relayed meanwhile.
 */
export async function collectGarbage(updates: readonly Uint8Array[]): Promise<CollectedState> {
  const result: unknown = await threads().run({ updates });
  if (!isCollectedState(result)) throw new Error('the garbage collection thread answered with something else than a state');
  return result;
}

/**
 * The same, and whether that state holds the same content (clocks and deletions) as `previous`,
 * compared on the worker thread too: comparing integrates both states, ~300 ms for a
 * 10,000-card board, which on the event loop would stall every client of the instance.
 */
export async function collectGarbageComparing(updates: readonly Uint8Array[], previous: Uint8Array): Promise<CollectedState & { sameAsPrevious: boolean }> {
  const result: unknown = await threads().run({ updates, compareWith: previous });
  if (!isCollectedState(result) || !('sameAsCompared' in result) || typeof result.sameAsCompared !== 'boolean') {
    throw new Error('the garbage collection thread answered with something else than a compared state');
  }
  return { state: result.state, stateVector: result.stateVector, sameAsPrevious: result.sameAsCompared };
}

function isCollectedState(value: unknown): value is CollectedState {
  if (typeof value !== 'object' || value === null) return false;
  const { state, stateVector } = value as Record<string, unknown>;
  return state instanceof Uint8Array && stateVector instanceof Uint8Array;
}
