import { type FormEvent, useState } from 'react';
import { RequestFailed } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { LimitedTextarea, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { useIdempotencyKeys } from './idempotency.js';
import { StarRating } from './StarRating.js';
import type { Rating, VoteItem, VoteOutcome } from './types.js';
import { castVote } from './votes-api.js';

/**
 * The caller's vote on one item: pick 1–5 stars, optionally say why, send. Choosing a star does
 * not send by itself, so moving through the stars with the arrow keys casts nothing. Starts from
 * the caller's current vote (re-voting replaces it, feedback included).
 */
export function VoteForm({ item, subject, onVoted }: { item: VoteItem; subject: string; onVoted: (outcome: VoteOutcome) => void }) {
  const [rating, setRating] = useState<Rating | null>(item.myVote?.rating ?? null);
  const [feedback, setFeedback] = useState(item.myVote?.feedback ?? '');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const keys = useIdempotencyKeys();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    if (rating === null) {
      setError('Choose from 1 to 5 stars first.');
      return;
    }
    setError(null);
    setSent(false);
    setSending(true);
    const draft = { rating, feedback };
    try {
      const outcome = await castVote(item, draft, keys.keyFor(JSON.stringify(draft)));
      keys.settle();
      onVoted(outcome);
      setSent(true);
    } catch (failure) {
      // The server answered (a refusal): that answer is final for this key. Otherwise the same draft may be retried with it.
      if (failure instanceof RequestFailed) keys.settle();
      setError(failureText(failure, 'Your vote was not counted'));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="vote-form" onSubmit={(event) => void submit(event)}>
      <StarRating
        subject={subject}
        value={rating}
        onChange={(chosen) => {
          setRating(chosen);
          setSent(false);
        }}
      />
      <LimitedTextarea
        name="vote-feedback"
        label={
          <span className="vote-feedback-label">
            Feedback<span className="visually-hidden"> on {subject}</span> (optional)
          </span>
        }
        rows={2}
        limit={LIMITS.voteFeedback}
        value={feedback}
        onChange={(event) => {
          setFeedback(event.target.value);
          setSent(false);
        }}
      />
      <div className="vote-form-actions">
        <button className="button primary small" type="submit" disabled={sending}>
          {sending ? 'Sending…' : item.myVote ? 'Change vote' : 'Vote'}
        </button>
        {item.myVote && (
          <span className="vote-mine" data-testid="my-vote">
            Your vote: {item.myVote.rating} of 5
          </span>
        )}
        {sent && !error && (
          <span className="ok vote-sent" role="status">
            Counted
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert" data-testid="vote-error">
          {error}
        </p>
      )}
    </form>
  );
}
