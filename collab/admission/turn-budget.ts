/**
 * How long updates may be judged and applied in one go before the event loop gets a turn.
 *
 * A commit releases every paced socket at once, and each socket's queued updates are then judged
 * and applied one after another in promise callbacks, never giving the event loop a turn: 20
 * writers with 128 updates each kept it for ~250 ms. Everything waiting on I/O waited with it,
 * above all the next commit, whose half a dozen statements each need a turn, so the database
 * idled while the server worked and then the server idled while the database worked. Sockets
 * that share the budget take turns with the database's answers instead.
 */
const BUDGET_MS = 4;

let turnStartedAt = 0;
let turnOpen = false;

/** True when this turn of the event loop has been spent on updates for longer than the budget. */
export function turnSpent(): boolean {
  const now = performance.now();
  if (!turnOpen) {
    turnOpen = true;
    turnStartedAt = now;
    // The next turn's check phase: queued before any continuation that yields now, so those start a fresh budget.
    setImmediate(() => (turnOpen = false));
  }
  return now - turnStartedAt > BUDGET_MS;
}

/** Resumes after the event loop has had a turn (its I/O polled). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
