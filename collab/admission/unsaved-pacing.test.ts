import { describe, expect, it } from 'vitest';
import { unsavedPacing } from './unsaved-pacing.js';

/** A log whose commits the test makes: `settled()` resolves when everything received before it is committed. */
function fakeLog() {
  let received = 0;
  let committed = 0;
  const waiters: { upTo: number; resolve(): void }[] = [];
  return {
    receive(n: number) {
      received += n;
    },
    async commitAll() {
      committed = received;
      for (const waiter of waiters.splice(0)) if (waiter.upTo <= committed) waiter.resolve();
      await Promise.resolve();
      await Promise.resolve();
    },
    count: () => received - committed,
    settled: () => new Promise<void>((resolve) => (received <= committed ? resolve() : waiters.push({ upTo: received, resolve }))),
  };
}

describe('pacing a socket by unsaved updates', () => {
  it('lets a writer run one window ahead of the commit in flight, and no further', async () => {
    const log = fakeLog();
    const pace = unsavedPacing(3, log);
    const step = () => {
      log.receive(1);
      return pace();
    };
    // First window: nothing to wait for yet, its end is marked.
    expect([step(), step(), step()]).toEqual([undefined, undefined, undefined]);
    // Second window ends while the first is not committed: wait for the first only.
    expect([step(), step()]).toEqual([undefined, undefined]);
    const wait = step();
    expect(wait).toBeInstanceOf(Promise);
    let waited = false;
    void wait!.then(() => (waited = true));
    await Promise.resolve();
    expect(waited).toBe(false);
    await log.commitAll();
    expect(waited).toBe(true);
    // Everything committed: the next window's end goes straight on.
    expect([step(), step(), step()]).toEqual([undefined, undefined, undefined]);
  });

  it('never waits while everything is committed at each window end', async () => {
    const log = fakeLog();
    const pace = unsavedPacing(2, log);
    for (let i = 0; i < 10; i++) {
      log.receive(1);
      expect(pace()).toBeUndefined();
      await log.commitAll();
    }
  });
});
