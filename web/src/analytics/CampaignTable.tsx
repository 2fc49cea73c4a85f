import { STAGES } from '../../../documents/pipeline/schema.js';
import { STAGE_INFO } from '../pipeline/stages.js';
import type { CampaignsPerformance } from './types.js';

/** Stars as text: a mean of 3.5 out of 5, or a dash before the first vote. */
const rating = (mean: number | null, count: number) => (mean === null ? '—' : `${mean.toFixed(1)} ★ (${count})`);

/**
 * The Echo page's campaign table: each campaign's videos per stage (a stacked bar, with the counts
 * in its label for screen readers), its ratings and its changes in the period, busiest first.
 */
export function CampaignTable({ performance }: { performance: CampaignsPerformance }) {
  if (performance.campaigns.length === 0) {
    return (
      <p className="empty-state" data-testid="no-campaigns">
        No campaigns yet. Add one to a pipeline board, link videos to it, and its progress shows here.
      </p>
    );
  }
  return (
    <table className="top-events campaign-table" data-testid="campaign-table">
      <thead>
        <tr>
          <th scope="col">Campaign</th>
          <th scope="col">Videos by stage</th>
          <th scope="col">Rating</th>
          <th scope="col">Changes</th>
        </tr>
      </thead>
      <tbody>
        {performance.campaigns.map((campaign) => {
          const label = STAGES.map((stage) => `${STAGE_INFO[stage].name} ${campaign.videos.byStage[stage]}`).join(', ');
          return (
            <tr key={campaign.campaignId}>
              <td>
                {campaign.title || 'Untitled'} <span className="muted">· {STAGE_INFO[campaign.stage].name}</span>
              </td>
              <td>
                {campaign.videos.total === 0 ? (
                  <span className="muted">No videos</span>
                ) : (
                  <span className="stage-bar" role="img" aria-label={label} title={label}>
                    {STAGES.filter((stage) => campaign.videos.byStage[stage] > 0).map((stage) => (
                      <span key={stage} className={`stage-bar-part stage-${stage}`} style={{ flexGrow: campaign.videos.byStage[stage] }}>
                        {campaign.videos.byStage[stage]}
                      </span>
                    ))}
                  </span>
                )}
              </td>
              <td>{rating(campaign.votes.mean, campaign.votes.count)}</td>
              <td>
                {campaign.activity.edits.toLocaleString()}
                {campaign.activity.people > 0 && <span className="muted"> by {campaign.activity.people}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
