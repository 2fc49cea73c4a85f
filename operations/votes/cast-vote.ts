import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { analyseFeedback } from './feedback-sentiment.js';
import { presentAggregate, presentVote } from './present.js';
import { recordVote } from './record-vote.js';
import type { Aggregate, Rating, Vote } from './vote.js';
import type { VoteDeps } from './vote-deps.js';
import { type VoteItemInput, voteTarget } from './vote-target.js';

export interface CastVoteInput extends VoteItemInput {
  rating: Rating;
  feedback?: string | undefined;
}

export interface VoteOutcome {
  vote: Vote;
  /** The item's aggregate including this vote. */
  aggregate: Aggregate;
  /** Whether this vote replaced an earlier one of the same person (which the history keeps). */
  replaced: boolean;
}

/**
 * Casts the caller's vote on a pipeline item, replacing their earlier one, and moves the item's,
 * its type's and its campaign's aggregates in the same transaction; once committed, the new
 * aggregate goes to the project's open dashboards.
 */
export async function castVote(deps: VoteDeps, caller: Caller, input: CastVoteInput): Promise<Outcome<VoteOutcome>> {
  const found = await voteTarget(deps, caller, input, 'vote');
  if (!found.ok) return found;
  const target = found.value;
  const sentiment = input.feedback ? analyseFeedback(input.feedback) : null;
  const votedAt = new Date();
  const recorded = await recordVote(deps.db, target, 'vote', () => ({
    projectId: target.projectId,
    documentId: target.pipelineId,
    entryId: target.entryId,
    itemType: target.itemType,
    userId: target.voterId,
    rating: input.rating,
    feedback: input.feedback ?? null,
    sentimentScore: sentiment?.score ?? null,
    sentimentComparative: sentiment?.comparative ?? null,
    positiveTerms: sentiment?.positive ?? [],
    negativeTerms: sentiment?.negative ?? [],
    campaignId: target.campaignEntryId,
    votedAt,
  }));
  if (!recorded.ok) return recorded;
  const aggregate = presentAggregate(recorded.value.aggregate);
  deps.votes.publish({ projectId: target.projectId, itemId: target.itemId, itemType: target.itemType, aggregate });
  return ok({ vote: presentVote(recorded.value.vote), aggregate, replaced: recorded.value.replaced });
}
