import { useEffect, useState } from 'react';
import { failureText } from '../components/failure-text.js';
import type { ItemAnalytics, TermCount, VoteItem } from './types.js';
import { TREND_DAYS, itemAnalytics } from './votes-api.js';

const dayText = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function Terms({ title, terms, tone }: { title: string; terms: TermCount[]; tone: 'positive' | 'negative' }) {
  return (
    <div className="vote-terms">
      <h3>{title}</h3>
      {terms.length === 0 ? (
        <p className="muted small">None yet.</p>
      ) : (
        <ul className="chips" data-testid={`terms-${tone}`}>
          {terms.map((term) => (
            <li key={term.term} className={`chip vote-term-${tone}`}>
              {term.term} <span aria-hidden="true">×{term.uses}</span>
              <span className="visually-hidden">, used {term.uses} {term.uses === 1 ? 'time' : 'times'}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const TONE_CLASS = { positive: 'vote-term-positive', negative: 'vote-term-negative', mixed: '' } as const;

/** What the language model read in the feedback: labelled as such, with the model's name. */
function Insights({ insights }: { insights: NonNullable<ItemAnalytics['insights']> }) {
  const mood = insights.sentiment > 0.2 ? 'mostly positive' : insights.sentiment < -0.2 ? 'mostly negative' : 'mixed';
  return (
    <div className="vote-insights" data-testid="feedback-insights">
      <h3>
        Feedback themes <span className="muted small">· AI analysis by {insights.model} of {insights.feedbackCount} feedback</span>
      </h3>
      <p>
        {insights.summary} <span className="muted">(overall {mood})</span>
      </p>
      <ul className="chips">
        {insights.themes.map((theme) => (
          <li key={theme.theme} className={`chip ${TONE_CLASS[theme.tone]}`}>
            {theme.theme} <span aria-hidden="true">×{theme.mentions}</span>
            <span className="visually-hidden">, {theme.tone}, mentioned {theme.mentions} times</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * An item's detail: votes per day over the last 30 days (days without votes left out) and the
 * feedback's top positive and negative words. Asked for again when the item's numbers change, so
 * an open detail follows live votes too.
 */
export function ItemDetail({ item, id }: { item: VoteItem; id: string }) {
  const [analytics, setAnalytics] = useState<ItemAnalytics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { projectId, itemId, itemType } = item;
  // The version is in the dependencies only so that a changed aggregate asks again.
  const version = item.aggregate.version;
  useEffect(() => {
    let current = true;
    itemAnalytics({ projectId, itemId, itemType }).then(
      (answer) => {
        if (!current) return;
        setAnalytics(answer);
        setError(null);
      },
      (failure: unknown) => {
        if (current) setError(failureText(failure, 'Could not load the detail'));
      },
    );
    return () => {
      current = false;
    };
  }, [projectId, itemId, itemType, version]);

  if (error)
    return (
      <div id={id} className="vote-detail">
        <p className="error" role="alert">
          {error}
        </p>
      </div>
    );
  if (!analytics)
    return (
      <div id={id} className="vote-detail">
        <p className="muted small" role="status">
          Loading the detail…
        </p>
      </div>
    );
  const busiest = Math.max(1, ...analytics.trend.map((point) => point.count));
  return (
    <div id={id} className="vote-detail" data-testid="vote-detail">
      <h3>Votes per day, last {TREND_DAYS} days</h3>
      {analytics.trend.length === 0 ? (
        <p className="muted small">No votes in the last {TREND_DAYS} days.</p>
      ) : (
        <table className="vote-trend">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Votes</th>
              <th scope="col">Mean</th>
            </tr>
          </thead>
          <tbody>
            {analytics.trend.map((point) => (
              <tr key={point.day}>
                <th scope="row">{dayText(point.day)}</th>
                <td>
                  <span className="vote-trend-cell">
                    <span className="vote-bar-track" aria-hidden="true">
                      <span className="vote-bar" style={{ width: `${(point.count / busiest) * 100}%` }} />
                    </span>
                    <span className="vote-bar-count">{point.count}</span>
                  </span>
                </td>
                <td className="vote-trend-mean">{point.mean === null ? '–' : point.mean.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="vote-terms-row">
        <Terms title="Positive words in feedback" terms={analytics.terms.positive} tone="positive" />
        <Terms title="Negative words in feedback" terms={analytics.terms.negative} tone="negative" />
      </div>
      {analytics.insights && <Insights insights={analytics.insights} />}
    </div>
  );
}
