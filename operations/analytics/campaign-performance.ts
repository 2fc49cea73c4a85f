import { parseDocumentName } from '../../documents/document-name.js';
import { ITEMS, STAGES, type Stage } from '../../documents/pipeline/schema.js';
import { readCampaignActivity } from '../../storage/analytics/campaign-activity.js';
import { readAggregates } from '../../storage/vote-aggregates.js';
import type { Caller } from '../caller.js';
import { formatItemId } from '../item-id.js';
import { type Outcome, ok } from '../outcome.js';
import { presentAggregate } from '../votes/present.js';
import type { Aggregate } from '../votes/vote.js';
import type { DashboardDeps, Viewed } from './dashboard-views.js';
import { viewDashboard } from './dashboard-views.js';

const DAY = 86_400_000;

export interface CampaignPerformance {
  campaignId: string;
  title: string;
  stage: Stage;
  dueDate: string | null;
  videos: { total: number; byStage: Record<Stage, number> };
  /** Ratings of the campaign, its videos and their scripts together. */
  votes: Aggregate;
  /** Changes to the campaign and its videos over the window, and by how many people. */
  activity: { edits: number; people: number };
}

export interface CampaignsPerformance {
  projectId: string;
  days: number;
  campaigns: CampaignPerformance[];
}

function byStage(counts: Record<string, number>): Record<Stage, number> {
  return Object.fromEntries(STAGES.map((stage) => [stage, counts[stage] ?? 0])) as Record<Stage, number>;
}

/**
 * The Echo page's campaign table (`/api/echo/campaigns/performance`): each campaign's videos per
 * stage, its ratings and its activity over the last `days`, busiest first. Every member reads it;
 * it is a dashboard view, cached like the others and dropped when rollups, imports or votes change.
 */
export function getCampaignsPerformance(deps: DashboardDeps, caller: Caller, input: { projectId: string; days: number; limit: number }, now = new Date()): Promise<Outcome<Viewed<CampaignsPerformance>>> {
  return viewDashboard(deps, caller, input.projectId, 'campaigns', { days: input.days, limit: input.limit }, async (projectId) => {
    const since = new Date(now.getTime() - input.days * DAY);
    const rows = await readCampaignActivity(deps.db, { projectId, itemsCollection: ITEMS.name, since, limit: input.limit });
    const address = (row: (typeof rows)[number]) => {
      const name = parseDocumentName(row.documentName);
      return { projectId, documentId: name.ok ? name.value.id : '', entryId: row.entryId };
    };
    const keys = rows.map((row) => `${address(row).documentId}.${row.entryId}`);
    const votes = new Map((await readAggregates(deps.db, projectId, 'campaign', keys)).map((aggregate) => [aggregate.key, aggregate]));
    return ok({
      projectId,
      days: input.days,
      campaigns: rows.map((row, index) => {
        const stages = byStage(row.videosByStage);
        return {
          campaignId: formatItemId(address(row)),
          title: row.title,
          stage: (STAGES as readonly string[]).includes(row.stage) ? (row.stage as Stage) : 'idea',
          dueDate: row.dueDate,
          videos: { total: Object.values(stages).reduce((sum, n) => sum + n, 0), byStage: stages },
          votes: presentAggregate(votes.get(keys[index]!)),
          activity: { edits: row.edits, people: row.people },
        };
      }),
    });
  });
}
