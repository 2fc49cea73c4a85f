import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobWakeups, retryWindowSeconds } from './job-wakeups.js';

describe('job wake-ups', () => {
  let woken: number[];
  let wakeups: JobWakeups;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    woken = [];
    wakeups = new JobWakeups(1_000, () => Date.now());
    wakeups.watch('q', () => woken.push(Date.now()));
  });
  afterEach(() => {
    wakeups.stop();
    vi.useRealTimers();
  });

  it('wakes a queue when a delayed job comes due, and once more a step later', () => {
    wakeups.expect('q', 2_500);
    vi.advanceTimersByTime(10_000);
    expect(woken).toEqual([2_500, 3_500]);
  });

  it('wakes through a retry window: its start, every step, its end, one step after', () => {
    wakeups.expect('q', 1_000, 3_500);
    vi.advanceTimersByTime(10_000);
    expect(woken).toEqual([1_000, 2_000, 3_000, 3_500, 4_500]);
  });

  it('serves overlapping windows with one wake-up at each instant', () => {
    wakeups.expect('q', 2_000);
    wakeups.expect('q', 1_000, 2_500);
    vi.advanceTimersByTime(10_000);
    expect(woken).toEqual([1_000, 2_000, 2_500, 3_000, 3_500]);
  });

  it('ignores queues this process does not work, and wakes nothing once stopped', () => {
    wakeups.expect('other', 1_000);
    wakeups.expect('q', 5_000);
    wakeups.stop();
    wakeups.expect('q', 6_000);
    vi.advanceTimersByTime(10_000);
    expect(woken).toEqual([]);
  });
});

describe('retry windows (pg-boss 12: delay × 2^retryCount to twice that, capped)', () => {
  it('is a fixed delay without backoff', () => {
    expect(retryWindowSeconds({ limit: 3, delaySeconds: 30, backoff: false }, 0)).toEqual({ from: 30, to: 30 });
    expect(retryWindowSeconds({ limit: 3, delaySeconds: 30, backoff: false }, 2)).toEqual({ from: 30, to: 30 });
  });

  it('doubles with each retry under backoff, up to the cap', () => {
    const policy = { limit: 10, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 };
    expect(retryWindowSeconds(policy, 0)).toEqual({ from: 5, to: 10 });
    expect(retryWindowSeconds(policy, 3)).toEqual({ from: 40, to: 80 });
    expect(retryWindowSeconds(policy, 6)).toEqual({ from: 300, to: 300 });
    // pg-boss counts a delay under a second as one.
    expect(retryWindowSeconds({ limit: 2, delaySeconds: 0, backoff: true }, 1)).toEqual({ from: 2, to: 4 });
  });

  it('has none once the retries are spent', () => {
    expect(retryWindowSeconds({ limit: 2, delaySeconds: 5, backoff: true }, 2)).toBeUndefined();
  });
});
