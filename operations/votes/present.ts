import type { DailyTotal, StoredAggregate } from '../../storage/vote-aggregates.js';
import type { StoredVote } from '../../storage/votes.js';
import { formatItemId } from '../item-id.js';
import { type Aggregate, EMPTY_AGGREGATE, type Rating, type TrendPoint, type Vote, type VoteItemType } from './vote.js';

/** Means are shown to two decimals (enough for a 1–5 scale), sentiment per word to three. */
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export function presentAggregate(stored: StoredAggregate | undefined): Aggregate {
  if (!stored) return EMPTY_AGGREGATE;
  const [one, two, three, four, five] = stored.buckets;
  const feedback = stored.feedbackCount;
  return {
    count: stored.count,
    mean: stored.count > 0 ? round(stored.ratingSum / stored.count, 2) : null,
    distribution: { '1': one, '2': two, '3': three, '4': four, '5': five },
    sentiment: { feedbackCount: feedback, meanScore: feedback > 0 ? round(stored.sentimentSum / feedback, 2) : null, meanComparative: feedback > 0 ? round(stored.comparativeSum / feedback, 3) : null },
    version: stored.version,
    updatedAt: stored.updatedAt.toISOString(),
  };
}

export function presentVote(vote: StoredVote): Vote {
  return {
    itemId: formatItemId({ projectId: vote.projectId, documentId: vote.documentId, entryId: vote.entryId }),
    itemType: vote.itemType as VoteItemType,
    userId: vote.userId,
    rating: vote.rating as Rating,
    feedback: vote.feedback,
    sentiment: vote.sentimentScore === null ? null : { score: vote.sentimentScore, comparative: round(vote.sentimentComparative ?? 0, 3) },
    timestamp: vote.votedAt.toISOString(),
  };
}

export const presentTrend = (days: readonly DailyTotal[]): TrendPoint[] => days.map((day) => ({ day: day.day, count: day.count, mean: day.count > 0 ? round(day.ratingSum / day.count, 2) : null }));
