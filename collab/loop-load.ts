import { performance } from 'node:perf_hooks';

export interface LoopLoad {
  /** Whether the event loop was busier than the threshold over the last interval. */
  busy(): boolean;
  stop(): void;
}

/**
 * This process's event-loop utilisation (the share of time spent running callbacks rather than
 * waiting for I/O), sampled every `intervalMs`: a cheap, current answer to "is this server at
 * capacity?" for code that trades latency for throughput only then.
 */
export function loopLoad({ intervalMs, busyAbove }: { intervalMs: number; busyAbove: number }): LoopLoad {
  let last = performance.eventLoopUtilization();
  let busy = false;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    busy = performance.eventLoopUtilization(now, last).utilization > busyAbove;
    last = now;
  }, intervalMs);
  timer.unref();
  return { busy: () => busy, stop: () => clearInterval(timer) };
}
