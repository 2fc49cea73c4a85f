import type { RetryPolicy } from './job.js';

/** When a job is expected to come due: from `fromMs` at the earliest to `toMs` at the latest (epoch ms). */
interface Window {
  fromMs: number;
  toMs: number;
}

interface WatchedQueue {
  wake: () => void;
  windows: Window[];
  timer?: NodeJS.Timeout;
  timerAt?: number;
}

/**
 * Wakes this process's workers when a job it knows of comes due. With LISTEN/NOTIFY a worker
 * sleeps between slow backstop polls and a queued job wakes it at once; but nothing announces a
 * delayed job (`startAfter`) or a retry when its time comes. This process knows those times for
 * the jobs it sends and the jobs it fails, so it wakes the queue's worker then instead of leaving
 * them to the backstop.
 *
 * Within a window the queue is woken at its start, every `stepMs` while it lasts, at its end, and
 * once more a step later (a database clock a little behind ours). Jobs other processes delay or
 * fail still wait for the backstop poll.
 */
export class JobWakeups {
  private readonly queues = new Map<string, WatchedQueue>();
  private stopped = false;

  constructor(
    private readonly stepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** This process works `name`; `wake` makes one of its workers fetch now. */
  watch(name: string, wake: () => void): void {
    this.queues.set(name, { wake, windows: [] });
  }

  /** A job of `name` comes due between `fromMs` and `toMs`. Ignored for queues this process does not work. */
  expect(name: string, fromMs: number, toMs: number = fromMs): void {
    const queue = this.queues.get(name);
    if (!queue || this.stopped) return;
    queue.windows.push({ fromMs, toMs: Math.max(fromMs, toMs) });
    this.arm(queue);
  }

  stop(): void {
    this.stopped = true;
    for (const queue of this.queues.values()) {
      clearTimeout(queue.timer);
      queue.windows = [];
    }
  }

  private arm(queue: WatchedQueue): void {
    const at = this.next(queue, this.now());
    if (at === undefined || (queue.timerAt !== undefined && queue.timerAt <= at)) return;
    clearTimeout(queue.timer);
    queue.timerAt = at;
    queue.timer = setTimeout(() => this.tick(queue), Math.max(0, at - this.now()));
    queue.timer.unref();
  }

  private tick(queue: WatchedQueue): void {
    queue.timer = undefined;
    queue.timerAt = undefined;
    if (this.stopped) return;
    queue.wake();
    this.arm(queue);
  }

  /** The next instant after `now` at which some window wants the queue woken; drops spent windows. */
  private next(queue: WatchedQueue, now: number): number | undefined {
    let earliest: number | undefined;
    queue.windows = queue.windows.filter((window) => {
      const at = this.nextIn(window, now);
      if (at === undefined) return false;
      earliest = earliest === undefined ? at : Math.min(earliest, at);
      return true;
    });
    return earliest;
  }

  private nextIn({ fromMs, toMs }: Window, now: number): number | undefined {
    if (now < fromMs) return fromMs;
    if (now < toMs) return Math.min(now + this.stepMs, toMs);
    if (now < toMs + this.stepMs) return toMs + this.stepMs;
    return undefined;
  }
}

/**
 * When pg-boss will retry a job that failed on attempt `retryCount` (0 for the first run), in
 * seconds from the failure, or undefined when it will not. This mirrors pg-boss 12's formula:
 * a fixed delay, or with backoff a delay between `max(delay, 1) × 2^retryCount` and twice that
 * (random in between), capped at the policy's maximum. Were it ever to drift from pg-boss's, the
 * retry would still run, at the backstop poll.
 */
export function retryWindowSeconds(retry: RetryPolicy, retryCount: number): { from: number; to: number } | undefined {
  if (retryCount >= retry.limit) return undefined;
  if (!retry.backoff) return { from: retry.delaySeconds, to: retry.delaySeconds };
  const cap = retry.maxDelaySeconds ?? Number.POSITIVE_INFINITY;
  const base = Math.max(retry.delaySeconds, 1) * 2 ** Math.min(16, retryCount);
  return { from: Math.min(cap, base), to: Math.min(cap, base * 2) };
}
