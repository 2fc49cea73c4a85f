import { round, table } from './stats.js';
import type { Samples } from './samples.js';
import { LIST_QUERIES } from './task-workloads.js';

/** What the targets' rows are named after in this run. */
export interface TargetContext {
  samples: Samples;
  lightClientCounts: readonly number[];
  /** The row prefix of a light-client fan-out of this many clients. */
  light(clients: number): string;
  /** Workload 4's offered rate, as its rows spell it. */
  paced: string;
  crossP99Target: number;
  taskWatchers: number;
  /** Workload 9's labels for its two states. */
  loaded: string;
  unloaded: string;
  eventRate: string;
}

/** Issue 6's targets for ours (and later issues'), checked against the medians: met, or missed by how much. */
export function targetsReport({ samples, lightClientCounts, light, paced, crossP99Target, taskWatchers, loaded, unloaded, eventRate }: TargetContext): string {
  const med = (key: string) => samples.median(key, 'ours');
  const vsBare = (key: string) => med(key) / samples.median(key, 'hocuspocus');
  const checks: [string, string, number, number, 'max' | 'min'][] = [
    ['fan-out p99 at 50 clients ≤ 15 ms', 'fan-out 50 p99', med('fan-out 50 p99'), 15, 'max'],
    ['fan-out p99 at 200 clients ≤ 60 ms', 'fan-out 200 p99', med('fan-out 200 p99'), 60, 'max'],
    // Issue 12: within 10 % of bare Hocuspocus, and as light on the wire.
    ...[50, 200].flatMap((clients): [string, string, number, number, 'max'][] => [
      [`fan-out p99 at ${clients} within 1.1× of bare Hocuspocus`, 'ratio', vsBare(`fan-out ${clients} p99`), 1.1, 'max'],
      [`fan-out p50 at ${clients} within 1.05× of bare Hocuspocus`, 'ratio', vsBare(`fan-out ${clients} p50`), 1.05, 'max'],
    ]),
    ...lightClientCounts.flatMap((clients): [string, string, number, number, 'max'][] => [
      [`fan-out p99 at ${clients} (light clients) within 1.1× of bare Hocuspocus`, 'ratio', vsBare(`${light(clients)} p99`), 1.1, 'max'],
      [`fan-out p50 at ${clients} (light clients) within 1.05× of bare Hocuspocus`, 'ratio', vsBare(`${light(clients)} p50`), 1.05, 'max'],
    ]),
    ['bytes per update frame at 50 within 1.2× of bare Hocuspocus', 'ratio', vsBare('fan-out 50 bytes per update frame'), 1.2, 'max'],
    ['offline merge within 1.0× of bare Hocuspocus', 'ratio', vsBare('offline merge ms'), 1, 'max'],
    // Issue 14: a receiver on another instance waits for the sender's instance to commit, then for Redis.
    [`cross-instance fan-out p99 at 50 ≤ ${crossP99Target}× single-instance`, 'cross', med('cross-instance fan-out 50 p99 / single-instance'), crossP99Target, 'max'],
    ['memory per idle document ≤ 50 KiB', 'memory', med('memory KiB per idle document (with its first connection)'), 50, 'max'],
    ['memory per idle connection ≤ 20 KiB', 'memory', med('memory KiB per extra idle connection'), 20, 'max'],
    ['cold load of 10,000 cards ≤ 350 ms (tail 0)', 'cold', med('cold load, tail 0: one client ms'), 350, 'max'],
    // Delivered, not decoded: twenty providers would measure twenty decodes on the generator's one core.
    ['herd of 20 ≤ 1.5× one client (tail 0, delivered)', 'cold', med('cold load, tail 0: herd / one, delivered'), 1.5, 'max'],
    ['≥ 10,000 durable updates/s', 'durable', med('durable updates/s'), 10_000, 'min'],
    [`commit lag p99 ≤ 250 ms at ${paced} updates/s`, 'durable', med(`commit lag p99 ms at ${paced}/s`), 250, 'max'],
    ['offline merge of 10 × 1,000 edits ≤ 1 s', 'merge', med('offline merge ms'), 1_000, 'max'],
    // Issue 23: a second `npm start` answers /healthz within 5 s.
    ['npm start again answers /healthz ≤ 5 s', 'start', med('next starts (DATA_DIR exists): /healthz ms'), 5_000, 'max'],
    // Issue 10: the boards over REST.
    [`≥ 200 task moves/s on one board with ${taskWatchers} watchers`, 'tasks', med('task moves/s'), 200, 'min'],
    ['task move REST p99 ≤ 100 ms', 'tasks', med('task move REST p99 ms'), 100, 'max'],
    [`task move seen by all ${taskWatchers} watchers p99 ≤ 50 ms`, 'tasks', med('task move seen by all watchers p99 ms'), 50, 'max'],
    ['GET /api/tasks p99 ≤ 50 ms (worst of the four queries, either state)', 'list', Math.max(...LIST_QUERIES.flatMap((q) => [unloaded, loaded].map((state) => med(`list ${q}, ${state}: p99 ms`)))), 50, 'max'],
    [`GET /api/tasks p50 with ${loaded} ≤ 1.2× with none (worst query)`, 'list', Math.max(...LIST_QUERIES.map((q) => med(`list ${q}: p50 ${loaded} / ${unloaded}`))), 1.2, 'max'],
    // Issue 11: the change feed to a chat webhook at 1,000 changes/s.
    [`event lag (commit → Discord message) p99 ≤ 5 s at ${eventRate} changes/s`, 'events', med('event lag: commit → Discord message p99 ms'), 5_000, 'max'],
    ['Discord messages ≤ 1/s (one per batch window, under its rate limit)', 'events', med('event lag: Discord messages/s'), 1, 'max'],
  ];
  const rows = checks
    .filter(([, , value]) => Number.isFinite(value))
    .map(([what, , value, target, kind]) => {
      const met = kind === 'max' ? value <= target : value >= target;
      return [what, round(value, 2), met ? 'met' : `missed by ${round(kind === 'max' ? value / target : target / value, 2)}×`];
    });
  return rows.length ? ['## Targets (ours)', '', table(['target', 'measured', 'result'], rows), ''].join('\n') : '';
}
