import type { Database } from '../../platform/db/database.js';
import { type Granularity, projectsWithRollups, recomputeRollups } from '../../storage/analytics/analytics-rollups.js';

/**
 * Recomputes the rollups of each window, one transaction per window: a dashboard never sees a
 * window half rebuilt. Answers the projects that have rollups in those windows: their dashboards'
 * cached answers are the ones that may now be wrong.
 */
export async function rollUp(db: Database, windows: readonly { granularity: Granularity; from: Date; to: Date }[]): Promise<{ rows: number; projectIds: string[] }> {
  let rows = 0;
  const projectIds = new Set<string>();
  for (const window of windows) {
    rows += await db.transaction((tx) => recomputeRollups(tx, window));
    for (const projectId of await projectsWithRollups(db, window)) projectIds.add(projectId);
  }
  return { rows, projectIds: [...projectIds] };
}
