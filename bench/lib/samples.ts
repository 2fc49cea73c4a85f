import { median, round, table } from './stats.js';
import type { TargetName } from './targets.js';
import type { FanOutResult } from './workloads.js';

/** The targets side by side in every comparing table, ours first. */
export const TARGETS: readonly TargetName[] = ['ours', 'hocuspocus', 'y-websocket'];

/** What the runs measured (metric → target → one figure per run), and the report's tables of their medians. */
export class Samples {
  private readonly byKey = new Map<string, Map<TargetName, number[]>>();

  record(key: string, target: TargetName, value: number): void {
    const byTarget = this.byKey.get(key) ?? new Map<TargetName, number[]>();
    byTarget.set(target, [...(byTarget.get(target) ?? []), value]);
    this.byKey.set(key, byTarget);
  }

  /** One fan-out's rows, under `prefix` (`fan-out 50`, `cross-instance fan-out 50`). */
  recordFanOut(prefix: string, target: TargetName, result: FanOutResult): void {
    for (const metric of ['p50', 'p95', 'p99'] as const) this.record(`${prefix} ${metric}`, target, result[metric]);
    this.record(`${prefix} server event-loop delay p99`, target, result.loopP99);
    this.record(`${prefix} delivered %`, target, (result.delivered / Math.max(1, result.expected)) * 100);
    this.record(`${prefix} generator CPU %`, target, result.generatorCpu);
    this.record(`${prefix} server CPU %`, target, result.serverCpu);
    this.record(`${prefix} server CPU µs per delivered edit`, target, result.serverCpuPerDelivery);
    this.record(`${prefix} bytes per update frame`, target, result.bytesPerUpdate);
    this.record(`${prefix} bytes received per delivered edit (all frames)`, target, result.bytesPerDelivery);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** NaN when nothing was recorded. */
  median(key: string, target: TargetName): number {
    return median(this.byKey.get(key)?.get(target) ?? []);
  }

  /** Ours ÷ `baseline`, as the report shows it ('–' when either is missing). */
  ratio(key: string, baseline: TargetName): string {
    const ours = this.median(key, 'ours');
    const theirs = this.median(key, baseline);
    return Number.isFinite(ours) && Number.isFinite(theirs) && theirs > 0 ? `${round(ours / theirs, 2)}×` : '–';
  }

  /** A titled table of the `keys` measured: every target with ours' ratios, or ours alone; '' when none was. */
  section(title: string, keys: string[], note = '', oursOnly = false): string {
    const present = keys.filter((key) => this.has(key));
    if (present.length === 0) return '';
    // Ratios of two figures (keys with " / ") get two decimals.
    const digits = (key: string) => (key.includes(' / ') ? 2 : 1);
    const rows = oursOnly
      ? present.map((key) => [key, round(this.median(key, 'ours'), digits(key))])
      : present.map((key) => [key, ...TARGETS.map((t) => round(this.median(key, t), digits(key))), this.ratio(key, 'hocuspocus'), this.ratio(key, 'y-websocket')]);
    const header = oursOnly ? ['metric (median)', 'ours'] : ['metric (median)', 'ours', 'bare Hocuspocus', 'y-websocket', 'ours / Hocuspocus', 'ours / y-websocket'];
    return [`## ${title}`, '', note, '', table(header, rows), ''].join('\n');
  }
}
