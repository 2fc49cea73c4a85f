import type { AppError } from '../../platform/app-error.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { type CacheUse, type DashboardCache, cachedView } from './dashboard-cache.js';
import { type Engagement, getEngagement } from './get-engagement.js';
import { type Overview, getOverview } from './get-overview.js';
import { nextBucket } from './rollup-windows.js';

export type DashboardDeps = Pick<OperationDeps, 'db'> & { dashboards?: DashboardCache | undefined };

/** A dashboard's answer and whether the cache gave it. */
export interface Viewed<T> {
  value: T;
  cache: CacheUse;
}

/**
 * One dashboard view through the cache: access is checked for every caller (an answer is shared
 * by the project's members, never by anyone else), then the cached answer or `compute`'s. A
 * refusal from `compute` is answered as is and not cached.
 */
export async function viewDashboard<T>(deps: DashboardDeps, caller: Caller, projectId: string, name: string, inputs: unknown, compute: (projectId: string) => Promise<Outcome<T>>): Promise<Outcome<Viewed<T>>> {
  const access = await requireProjectRole(caller, projectId, 'project.read');
  if (!access.ok) return access;
  const refusals: { ok: false; error: AppError }[] = [];
  const viewed = await cachedView<T>(deps.dashboards, access.value.projectId, name, inputs, async () => {
    const outcome = await compute(access.value.projectId);
    if (outcome.ok) return outcome.value;
    refusals.push(outcome);
    return undefined;
  });
  const [refused] = refusals;
  if (refused) return refused;
  return ok({ value: viewed.value as T, cache: viewed.cache });
}

/** The main dashboard's headline (`/api/dashboard/overview`, `/api/metrics/performance`), keyed by today's date too. */
export function viewOverview(deps: DashboardDeps, caller: Caller, input: { projectId: string; days: number }, now = new Date()): Promise<Outcome<Viewed<Overview>>> {
  const today = nextBucket(now, 'day').toISOString();
  return viewDashboard(deps, caller, input.projectId, 'overview', { days: input.days, today }, () => getOverview(deps, caller, input, now));
}

/** Engagement series (`/api/analytics/*`, `/api/echo/metrics/*`, `/api/metrics/user-behavior`). */
export function viewEngagement(deps: DashboardDeps, caller: Caller, input: Parameters<typeof getEngagement>[2]): Promise<Outcome<Viewed<Engagement>>> {
  const inputs = { from: input.from.toISOString(), to: input.to.toISOString(), granularity: input.granularity, sources: [...input.sources].sort() };
  return viewDashboard(deps, caller, input.projectId, 'engagement', inputs, () => getEngagement(deps, caller, input));
}
