// Preloaded into every benchmarked server (ours and the baselines) with `--import`: measures the
// event loop's delay (sampled every 1 ms, so an idle loop reads about 1 ms) and the CPU time the
// process spent (every thread: workers, garbage collection), prints them as one JSON line on
// SIGUSR2, then starts a new window. On SIGWINCH (unused by a server without a
// terminal) it collects garbage (the server runs with --expose-gc) and prints the live heap and
// external memory: what idle documents and connections hold, without RSS's noise.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
let cpuFrom = process.cpuUsage();
let wallFrom = performance.now();
process.on('SIGUSR2', () => {
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  const cpu = process.cpuUsage(cpuFrom);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const wallMs = performance.now() - wallFrom;
  process.stdout.write(`${JSON.stringify({ msg: 'event-loop', p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), cpuMs, wallMs })}\n`);
  histogram.reset();
  cpuFrom = process.cpuUsage();
  wallFrom = performance.now();
});
process.on('SIGWINCH', () => {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
  const { heapUsed, external } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ msg: 'heap', heapUsedKiB: Math.round(heapUsed / 1024), externalKiB: Math.round(external / 1024), collected: typeof globalThis.gc === 'function' })}\n`);
  // The collection paused the loop: it is not the workload's delay.
  histogram.reset();
});
