/** What pacing needs of the server's update log. */
export interface UnsavedUpdates {
  /** Updates received and not committed yet (by anyone). */
  count(): number;
  /** Resolves once everything received before the call is committed. */
  settled(): Promise<void>;
}

/**
 * Backpressure for one socket, in windows of `every` updates: at each window's end, if what the
 * server had received by the end of the window before is still not all committed, the socket
 * waits (it is not read, nor its next update judged) until it is. A writer can so be at most
 * about two windows ahead of the commits, and one commit runs while the next window fills:
 * waiting for everything at each window's end would wait for the commit after the one running
 * too, and leave the database idle in between.
 *
 * Returns what to call after each update is applied: undefined to go on, or a promise to wait for.
 */
export function unsavedPacing(every: number, log: UnsavedUpdates): () => Promise<void> | undefined {
  let applied = 0;
  /** Everything received by the previous window's end committed: undefined once it is (or nothing was unsaved). */
  let previous: Promise<void> | undefined;
  return () => {
    if (++applied < every) return undefined;
    applied = 0;
    const waitFor = previous;
    if (log.count() === 0) {
      previous = undefined;
      return undefined;
    }
    const boundary = log.settled().then(() => {
      if (previous === boundary) previous = undefined;
    });
    previous = boundary;
    return waitFor;
  };
}
