import { rollUp } from '../../operations/analytics/roll-up.js';
import { routineWindows } from '../../operations/analytics/rollup-windows.js';
import type { RunningApp } from '../../server/app.js';

/** What the five-minute rollup job does, now: recompute the recent windows, then tell the dashboards of the projects in them. */
export async function rollUpNow(app: Pick<RunningApp, 'db' | 'dashboards'>): Promise<string[]> {
  const { projectIds } = await rollUp(app.db, routineWindows(new Date()));
  await app.dashboards.changed(projectIds);
  return projectIds;
}
