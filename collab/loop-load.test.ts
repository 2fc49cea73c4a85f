import { describe, expect, it } from 'vitest';
import { loopLoad } from './loop-load.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the event loop busy for `ms`, yielding to timers every few milliseconds. */
async function busyFor(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const slice = performance.now() + 8;
    while (performance.now() < slice) {
      // spin
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('event-loop load', () => {
  it('is busy while callbacks keep the loop running, and idle once it waits again', async () => {
    const load = loopLoad({ intervalMs: 50, busyAbove: 0.5 });
    try {
      await sleep(120);
      expect(load.busy()).toBe(false);
      await busyFor(200);
      expect(load.busy()).toBe(true);
      await sleep(150);
      expect(load.busy()).toBe(false);
    } finally {
      load.stop();
    }
  });
});
