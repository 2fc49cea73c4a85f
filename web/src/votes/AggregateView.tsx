import { type Aggregate, RATINGS, ratingCount } from './types.js';

const votes = (count: number) => `${count} ${count === 1 ? 'vote' : 'votes'}`;

/**
 * What the votes add up to: the mean (one decimal), how many, and the 1–5 distribution as bars.
 * The bars are drawn for the eye only; each row says its numbers in words for screen readers.
 */
export function AggregateView({ aggregate, subject }: { aggregate: Aggregate; subject: string }) {
  const widest = Math.max(1, ...RATINGS.map((rating) => ratingCount(aggregate, rating)));
  return (
    <div className="vote-aggregate">
      <p className="vote-summary">
        <span className="vote-mean" data-testid="vote-mean">
          {aggregate.mean === null ? '–' : aggregate.mean.toFixed(1)}
        </span>
        <span className="muted">
          {aggregate.mean !== null && 'mean · '}
          <span data-testid="vote-count">{aggregate.count}</span> {aggregate.count === 1 ? 'vote' : 'votes'}
        </span>
      </p>
      <ul className="vote-distribution" aria-label={`Ratings of ${subject}`}>
        {[...RATINGS].reverse().map((rating) => {
          const count = ratingCount(aggregate, rating);
          return (
            <li key={rating} data-testid={`distribution-${rating}`} data-count={count}>
              <span className="visually-hidden">
                {rating} of 5: {votes(count)}
              </span>
              <span className="vote-bar-label" aria-hidden="true">
                {rating}
              </span>
              <span className="vote-bar-track" aria-hidden="true">
                {/* The one value here that is data, not design: the bar's share of the most common rating. */}
                <span className="vote-bar" style={{ width: `${(count / widest) * 100}%` }} />
              </span>
              <span className="vote-bar-count" aria-hidden="true">
                {count}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
