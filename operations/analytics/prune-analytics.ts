import type { Database } from '../../platform/db/database.js';
import { pruneAnalyticsEvents } from '../../storage/analytics/analytics-events.js';
import { pruneRollups } from '../../storage/analytics/analytics-rollups.js';

const DAY = 24 * 3_600_000;

export interface AnalyticsRetention {
  rawRetentionDays: number;
  rollupRetentionDays: number;
}

/** Raw events and hourly rollups past the raw retention go; daily rollups stay for their own, longer retention. */
export async function pruneAnalytics(db: Database, retention: AnalyticsRetention, now = new Date()): Promise<{ events: number; hourly: number; daily: number }> {
  const rawBefore = new Date(now.getTime() - retention.rawRetentionDays * DAY);
  return {
    events: await pruneAnalyticsEvents(db, rawBefore),
    hourly: await pruneRollups(db, 'hour', rawBefore),
    daily: await pruneRollups(db, 'day', new Date(now.getTime() - retention.rollupRetentionDays * DAY)),
  };
}
