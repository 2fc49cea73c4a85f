import type { Granularity } from '../../storage/analytics/analytics-rollups.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The start of the UTC hour or day `at` falls in. */
export function bucketStart(at: Date, granularity: Granularity): Date {
  const size = granularity === 'hour' ? HOUR : DAY;
  return new Date(Math.floor(at.getTime() / size) * size);
}

/** The bucket after the one `at` falls in. */
export function nextBucket(at: Date, granularity: Granularity): Date {
  return new Date(bucketStart(at, granularity).getTime() + (granularity === 'hour' ? HOUR : DAY));
}

/**
 * What a routine rollup recomputes: the last three hours and the last two days, so events that
 * arrive late (clients buffer offline, a job ran late) are counted the next time round.
 */
export function routineWindows(now: Date): { granularity: Granularity; from: Date; to: Date }[] {
  return [
    { granularity: 'hour', from: new Date(bucketStart(now, 'hour').getTime() - 2 * HOUR), to: nextBucket(now, 'hour') },
    { granularity: 'day', from: new Date(bucketStart(now, 'day').getTime() - DAY), to: nextBucket(now, 'day') },
  ];
}

/** The windows covering [from, to] at both granularities (after an import of past events). */
export function coveringWindows(from: Date, to: Date): { granularity: Granularity; from: Date; to: Date }[] {
  return (['hour', 'day'] as const).map((granularity) => ({ granularity, from: bucketStart(from, granularity), to: nextBucket(to, granularity) }));
}
