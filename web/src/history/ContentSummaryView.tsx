import type { ContentSummary } from './content-summary.js';

/** What a version held: a headline, then each column, stage or list with its count and first titles. */
export function ContentSummaryView({ summary }: { summary: ContentSummary }) {
  return (
    <div className="history-summary" data-testid="history-summary">
      <p className="history-headline">{summary.headline}</p>
      {summary.groups.map((group, index) => (
        <div key={`${index}-${group.name}`} className="history-group">
          <h5>
            {group.name} <span className="history-count">{group.count}</span>
          </h5>
          {group.titles.length > 0 && (
            <ul>
              {group.titles.map((title, position) => (
                <li key={position} data-testid="history-summary-title">
                  {title}
                </li>
              ))}
              {group.more > 0 && <li className="muted">and {group.more.toLocaleString('en-US')} more</li>}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}
