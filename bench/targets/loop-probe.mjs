// Preloaded into every benchmarked server (ours and the baselines) with `--import`: measures the
// event loop's delay (sampled every 1 ms, so an idle loop reads about 1 ms) and prints it as one
// JSON line on SIGUSR2, then starts a new window.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.stdout.write(`${JSON.stringify({ msg: 'event-loop', p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) })}\n`);
  histogram.reset();
});
