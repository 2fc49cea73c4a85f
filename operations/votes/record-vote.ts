import { AppError } from '../../platform/app-error.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { type StoredAggregate, applyAggregateDeltas, applyDailyDeltas, applyTermDeltas } from '../../storage/vote-aggregates.js';
import { type StoredVote, addVoteHistory, insertVote, lockVote, replaceVote } from '../../storage/votes.js';
import { type Outcome, ok } from '../outcome.js';
import { type CountedVote, utcDay, voteDeltas } from './vote-delta.js';
import { type VoteItemType, campaignScopeKey, itemScopeKey } from './vote.js';
import type { VoteTarget } from './vote-target.js';

export interface RecordedVote {
  vote: StoredVote;
  /** The item's aggregate as this transaction left it. */
  aggregate: StoredAggregate;
  replaced: boolean;
}

/** What a vote counts towards, from the row itself (so taking an old vote out uses what it was counted as). */
export function countedOf(vote: StoredVote): CountedVote {
  return {
    itemKey: itemScopeKey({ pipelineId: vote.documentId, entryId: vote.entryId, itemType: vote.itemType as VoteItemType }),
    itemType: vote.itemType,
    campaignKey: vote.campaignId ? campaignScopeKey(vote.documentId, vote.campaignId) : null,
    rating: vote.rating,
    day: utcDay(vote.votedAt),
    sentiment: vote.sentimentScore === null ? null : { score: vote.sentimentScore, comparative: vote.sentimentComparative ?? 0, positive: vote.positiveTerms, negative: vote.negativeTerms },
  };
}

/** PostgreSQL's deadlock and serialization failures: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

const isRetryable = (error: unknown) => typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));

/**
 * Writes one person's vote change on one item: the vote row (locked first, so two changes of the
 * same vote queue), a history line, and the deltas of every aggregate, all in one transaction.
 * `next` builds the new vote from the current one (null: none yet), or refuses.
 */
export async function recordVote(db: Database, target: VoteTarget, kind: 'vote' | 'feedback', next: (current: StoredVote | null) => StoredVote | AppError): Promise<Outcome<RecordedVote>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => recordIn(tx, target, kind, next));
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetryable(error)) throw error;
    }
  }
}

async function recordIn(tx: Queryable, target: VoteTarget, kind: 'vote' | 'feedback', next: (current: StoredVote | null) => StoredVote | AppError): Promise<Outcome<RecordedVote>> {
  const ref = { projectId: target.projectId, documentId: target.pipelineId, entryId: target.entryId, itemType: target.itemType };
  let before = await lockVote(tx, ref, target.voterId);
  let after = next(before);
  if (after instanceof AppError) return { ok: false, error: after };
  if (!before) {
    if (!(await insertVote(tx, after))) {
      // A first vote of the same person committed while this one waited: replace that one instead.
      before = await lockVote(tx, ref, target.voterId);
      if (!before) throw new Error('a vote that refused our insert as a duplicate is not there to replace');
      after = next(before);
      if (after instanceof AppError) return { ok: false, error: after };
      await replaceVote(tx, after);
    }
  } else {
    await replaceVote(tx, after);
  }
  await addVoteHistory(tx, after, kind);
  const deltas = voteDeltas(before ? countedOf(before) : null, countedOf(after));
  const aggregates = await applyAggregateDeltas(tx, target.projectId, deltas.aggregates);
  await applyDailyDeltas(tx, target.projectId, deltas.daily);
  await applyTermDeltas(tx, target.projectId, deltas.terms);
  const aggregate = aggregates.find((row) => row.scope === 'item' && row.key === target.itemKey);
  if (!aggregate) throw new Error(`the vote did not reach its item's aggregate ${target.itemKey}`);
  return ok({ vote: after, aggregate, replaced: before !== null });
}
