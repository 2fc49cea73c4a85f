import { type Granularity, type RollupSource, activePeople, readRollups } from '../../storage/analytics/analytics-rollups.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';

const DAY = 24 * 3_600_000;
/** Hourly series are kept as long as raw events; longer ranges read daily rollups. */
const MAX_SPAN_DAYS: Record<Granularity, number> = { hour: 31, day: 731 };

export interface EngagementSeries {
  source: RollupSource;
  name: string;
  total: number;
  points: { bucketStart: string; events: number; users: number }[];
}

export interface Engagement {
  projectId: string;
  granularity: Granularity;
  from: string;
  to: string;
  /** Distinct people who did anything in the range (reported or editing). */
  activePeople: number;
  series: EngagementSeries[];
}

/**
 * What a project's members did over a range, per event name and bucket, read from the rollups
 * (not from raw events), so a two-year dashboard costs a few hundred rows. Every member reads it.
 */
export async function getEngagement(
  deps: Pick<OperationDeps, 'db'>,
  caller: Caller,
  input: { projectId: string; from: Date; to: Date; granularity: Granularity; sources: readonly RollupSource[] },
): Promise<Outcome<Engagement>> {
  const access = await requireProjectRole(caller, input.projectId, 'project.read');
  if (!access.ok) return access;
  const span = (input.to.getTime() - input.from.getTime()) / DAY;
  if (span <= 0) return fail('VALIDATION_FAILED', '`to` must be after `from`.', [{ path: ['to'], message: 'must be after from' }]);
  if (span > MAX_SPAN_DAYS[input.granularity]) {
    return fail('VALIDATION_FAILED', `A ${input.granularity}ly series covers at most ${MAX_SPAN_DAYS[input.granularity]} days.`, [{ path: ['from'], message: `at most ${MAX_SPAN_DAYS[input.granularity]} days before to` }]);
  }
  const range = { projectId: access.value.projectId, from: input.from, to: input.to };
  const rows = await readRollups(deps.db, { ...range, granularity: input.granularity, sources: input.sources });
  const series = new Map<string, EngagementSeries>();
  for (const row of rows) {
    const key = `${row.source}\u0000${row.name}`;
    const entry = series.get(key) ?? { source: row.source, name: row.name, total: 0, points: [] };
    series.set(key, entry);
    entry.total += row.events;
    entry.points.push({ bucketStart: row.bucketStart.toISOString(), events: row.events, users: row.users });
  }
  return ok({
    projectId: range.projectId,
    granularity: input.granularity,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    activePeople: await activePeople(deps.db, range),
    series: [...series.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
  });
}
