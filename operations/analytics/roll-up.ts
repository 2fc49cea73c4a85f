import type { Database } from '../../platform/db/database.js';
import { type Granularity, recomputeRollups } from '../../storage/analytics/analytics-rollups.js';

/** Recomputes the rollups of each window, one transaction per window: a dashboard never sees a window half rebuilt. */
export async function rollUp(db: Database, windows: readonly { granularity: Granularity; from: Date; to: Date }[]): Promise<number> {
  let rows = 0;
  for (const window of windows) rows += await db.transaction((tx) => recomputeRollups(tx, window));
  return rows;
}
