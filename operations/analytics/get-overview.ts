import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { type Engagement, getEngagement } from './get-engagement.js';
import { nextBucket } from './rollup-windows.js';

const DAY = 24 * 3_600_000;

export interface Overview {
  projectId: string;
  /** The last `days` days (today included) and the same span before them. */
  days: number;
  current: { events: number; edits: number; activePeople: number };
  previous: { events: number; edits: number; activePeople: number };
  /** Events per day in the current span, every name together, oldest first. */
  daily: { day: string; events: number; edits: number }[];
  /** The most frequent event names in the current span. */
  top: { source: string; name: string; total: number }[];
}

function totals(engagement: Engagement) {
  const edits = engagement.series.filter((series) => series.source === 'feed').reduce((sum, series) => sum + series.total, 0);
  const events = engagement.series.reduce((sum, series) => sum + series.total, 0);
  return { events, edits, activePeople: engagement.activePeople };
}

/** The dashboard's headline: this period against the one before, from the daily rollups. */
export async function getOverview(deps: Pick<OperationDeps, 'db'>, caller: Caller, input: { projectId: string; days: number }, now = new Date()): Promise<Outcome<Overview>> {
  const to = nextBucket(now, 'day');
  const from = new Date(to.getTime() - input.days * DAY);
  const earlier = new Date(from.getTime() - input.days * DAY);
  const sources = ['client', 'import', 'feed'] as const;
  const current = await getEngagement(deps, caller, { projectId: input.projectId, from, to, granularity: 'day', sources });
  if (!current.ok) return current;
  const previous = await getEngagement(deps, caller, { projectId: input.projectId, from: earlier, to: from, granularity: 'day', sources });
  if (!previous.ok) return previous;
  const daily = Array.from({ length: input.days }, (_, index) => {
    const day = new Date(from.getTime() + index * DAY).toISOString();
    let events = 0;
    let edits = 0;
    for (const series of current.value.series) {
      const point = series.points.find((candidate) => candidate.bucketStart === day);
      if (!point) continue;
      events += point.events;
      if (series.source === 'feed') edits += point.events;
    }
    return { day, events, edits };
  });
  return ok({
    projectId: current.value.projectId,
    days: input.days,
    current: totals(current.value),
    previous: totals(previous.value),
    daily,
    top: current.value.series.slice(0, 10).map(({ source, name, total }) => ({ source, name, total })),
  });
}
