import type { AggregateDelta, AggregateScope, DailyDelta, TermDelta } from '../../storage/vote-aggregates.js';

/** What one current vote counts towards: everything the aggregates need to add it or take it out. */
export interface CountedVote {
  /** The item's aggregate key (itemScopeKey). */
  itemKey: string;
  itemType: string;
  /** The campaign aggregate it counts in (campaignScopeKey), or null. */
  campaignKey: string | null;
  rating: number;
  /** `YYYY-MM-DD`, UTC: the trend bucket. */
  day: string;
  sentiment: { score: number; comparative: number; positive: readonly string[]; negative: readonly string[] } | null;
}

export interface VoteDeltas {
  aggregates: AggregateDelta[];
  daily: DailyDelta[];
  terms: TermDelta[];
}

export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

function scopesOf(vote: CountedVote): { scope: AggregateScope; key: string }[] {
  return [{ scope: 'item', key: vote.itemKey }, { scope: 'type', key: vote.itemType }, ...(vote.campaignKey ? [{ scope: 'campaign' as const, key: vote.campaignKey }] : [])];
}

const zero = (scope: AggregateScope, key: string): AggregateDelta => ({ scope, key, count: 0, ratingSum: 0, buckets: [0, 0, 0, 0, 0], feedbackCount: 0, sentimentSum: 0, comparativeSum: 0 });

/** One global order for rows of every table, so concurrent votes lock shared rows in the same order. */
const byKey = <T>(keyOf: (value: T) => string) => (a: T, b: T) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);

/**
 * What replacing `before` with `after` (either may be absent: a first vote, a retraction) adds to
 * each aggregate: the old vote leaves its buckets, the new one enters its own. Pure, so a replace
 * that moves a vote between buckets, days or campaigns is checked without a database. Every scope
 * either vote touches is listed, even at zero: its version still moves, and the item's row is
 * read back from the same statement.
 */
export function voteDeltas(before: CountedVote | null, after: CountedVote | null): VoteDeltas {
  const aggregates = new Map<string, AggregateDelta>();
  const daily = new Map<string, DailyDelta>();
  const terms = new Map<string, TermDelta>();
  const add = (vote: CountedVote, sign: 1 | -1) => {
    for (const { scope, key } of scopesOf(vote)) {
      const id = `${scope}\u0000${key}`;
      const delta = aggregates.get(id) ?? zero(scope, key);
      delta.count += sign;
      delta.ratingSum += sign * vote.rating;
      delta.buckets[vote.rating - 1] = delta.buckets[vote.rating - 1]! + sign;
      if (vote.sentiment) {
        delta.feedbackCount += sign;
        delta.sentimentSum += sign * vote.sentiment.score;
        delta.comparativeSum += sign * vote.sentiment.comparative;
      }
      aggregates.set(id, delta);
      const dayId = `${id}\u0000${vote.day}`;
      const day = daily.get(dayId) ?? { scope, key, day: vote.day, count: 0, ratingSum: 0 };
      day.count += sign;
      day.ratingSum += sign * vote.rating;
      daily.set(dayId, day);
    }
    for (const polarity of ['positive', 'negative'] as const) {
      for (const term of vote.sentiment?.[polarity] ?? []) {
        const id = `${vote.itemKey}\u0000${polarity}\u0000${term}`;
        const delta = terms.get(id) ?? { key: vote.itemKey, polarity, term, uses: 0 };
        delta.uses += sign;
        terms.set(id, delta);
      }
    }
  };
  if (before) add(before, -1);
  if (after) add(after, 1);
  return {
    aggregates: [...aggregates.values()].sort(byKey((d) => `${d.scope}\u0000${d.key}`)),
    daily: [...daily.values()].filter((d) => d.count !== 0 || d.ratingSum !== 0).sort(byKey((d) => `${d.scope}\u0000${d.key}\u0000${d.day}`)),
    terms: [...terms.values()].filter((d) => d.uses !== 0).sort(byKey((d) => `${d.key}\u0000${d.polarity}\u0000${d.term}`)),
  };
}
