import { AppError } from '../../platform/app-error.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import type { VoteOutcome } from './cast-vote.js';
import { analyseFeedback } from './feedback-sentiment.js';
import { presentAggregate, presentVote } from './present.js';
import { recordVote } from './record-vote.js';
import type { VoteDeps } from './vote-deps.js';
import { type VoteItemInput, voteTarget } from './vote-target.js';

export interface FeedbackInput extends VoteItemInput {
  /** The new feedback, or null to take it back. */
  feedback: string | null;
}

/**
 * Sets the feedback of the caller's current vote on an item (its rating and day stay), moving the
 * item's sentiment and terms with it. Without a vote there is nothing to attach it to: 404.
 */
export async function giveFeedback(deps: VoteDeps, caller: Caller, input: FeedbackInput): Promise<Outcome<VoteOutcome>> {
  const found = await voteTarget(deps, caller, input, 'vote');
  if (!found.ok) return found;
  const target = found.value;
  const sentiment = input.feedback ? analyseFeedback(input.feedback) : null;
  const recorded = await recordVote(deps.db, target, 'feedback', (current) =>
    current
      ? {
          ...current,
          feedback: input.feedback,
          sentimentScore: sentiment?.score ?? null,
          sentimentComparative: sentiment?.comparative ?? null,
          positiveTerms: sentiment?.positive ?? [],
          negativeTerms: sentiment?.negative ?? [],
        }
      : new AppError('NOT_FOUND', 'You have not voted on this item: feedback goes with a vote (POST /api/rlhf/vote takes both).'),
  );
  if (!recorded.ok) return recorded;
  const aggregate = presentAggregate(recorded.value.aggregate);
  deps.votes.publish({ projectId: target.projectId, itemId: target.itemId, itemType: target.itemType, aggregate });
  return ok({ vote: presentVote(recorded.value.vote), aggregate, replaced: true });
}
