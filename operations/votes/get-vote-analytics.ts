import { can } from '../../identity/roles.js';
import { readInsights } from '../../storage/feedback-insights.js';
import { type StoredAggregate, readAggregates, readDaily, readMostVoted, readTopTerms } from '../../storage/vote-aggregates.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { formatItemId } from '../item-id.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { presentAggregate, presentTrend } from './present.js';
import { type Aggregate, type TrendPoint, VOTE_ITEM_TYPES, type VoteItemType } from './vote.js';
import { utcDay } from './vote-delta.js';
import { type VoteItemInput, voteTarget } from './vote-target.js';

export interface VoteAnalyticsQuery {
  projectId: string;
  /** How many days of trend, today included. */
  days: number;
  /** Trend buckets: days, or ISO weeks (each keyed by its Monday). */
  per: 'day' | 'week';
  /** One item's detail besides the project's overview. */
  item?: Omit<VoteItemInput, 'projectId'> | undefined;
}

export interface TermCount {
  term: string;
  uses: number;
}

export interface VoteAnalytics {
  projectId: string;
  days: number;
  per: 'day' | 'week';
  overall: Aggregate;
  byType: Record<VoteItemType, Aggregate>;
  /** Votes per day (or week) over the window, every item type together. */
  trend: TrendPoint[];
  /** Each campaign: votes on it, its videos and their scripts. */
  byCampaign: { campaignId: string; aggregate: Aggregate }[];
  /** The most voted items. */
  mostVoted: { itemId: string; itemType: VoteItemType; aggregate: Aggregate }[];
  item: { itemId: string; itemType: VoteItemType; aggregate: Aggregate; trend: TrendPoint[]; terms: { positive: TermCount[]; negative: TermCount[] }; insights: FeedbackInsights | null } | null;
}

/** What the language model read in an item's feedback (when one is configured and has analysed it). */
export interface FeedbackInsights {
  model: string;
  feedbackCount: number;
  sentiment: number;
  summary: string;
  themes: { theme: string; tone: 'positive' | 'negative' | 'mixed'; mentions: number }[];
  analysedAt: string;
}

const MOST_VOTED = 20;
const TOP_TERMS = 10;

/** The sum of several aggregates of disjoint votes (the item types add up to the project). */
function total(rows: readonly StoredAggregate[]): StoredAggregate | undefined {
  if (rows.length === 0) return undefined;
  return rows.reduce((sum, row) => ({
    ...sum,
    count: sum.count + row.count,
    ratingSum: sum.ratingSum + row.ratingSum,
    buckets: sum.buckets.map((value, index) => value + row.buckets[index]!) as StoredAggregate['buckets'],
    feedbackCount: sum.feedbackCount + row.feedbackCount,
    sentimentSum: sum.sentimentSum + row.sentimentSum,
    comparativeSum: sum.comparativeSum + row.comparativeSum,
    version: Math.max(sum.version, row.version),
    updatedAt: row.updatedAt > sum.updatedAt ? row.updatedAt : sum.updatedAt,
  }));
}

/** `<pipelineId>.<entryId>` (a campaign key) or `<pipelineId>.<entryId>:<type>` (an item key) back into its parts. */
function keyParts(key: string): { pipelineId: string; entryId: string; itemType: VoteItemType } {
  const [place = '', itemType = 'campaign'] = key.split(':');
  const [pipelineId = '', entryId = ''] = place.split('.');
  return { pipelineId, entryId, itemType: itemType as VoteItemType };
}

function presentInsights(stored: Awaited<ReturnType<typeof readInsights>>): FeedbackInsights | null {
  if (!stored) return null;
  const { model, feedbackCount, sentiment, summary, themes, analysedAt } = stored;
  return { model, feedbackCount, sentiment, summary, themes, analysedAt: analysedAt.toISOString() };
}

/**
 * A project's vote analytics, read from the incremental aggregates (never recounted from the
 * votes): totals per item type, a daily trend, campaigns, the most voted items, and optionally
 * one item's detail with its top feedback terms. Members of any role may read it.
 */
export async function getVoteAnalytics(deps: OperationDeps, caller: Caller, query: VoteAnalyticsQuery): Promise<Outcome<VoteAnalytics>> {
  if (!can(await caller.roleIn(query.projectId), 'documents.read')) return fail('NOT_FOUND', 'No such project.');
  const target = query.item ? await voteTarget(deps, caller, { ...query.item, projectId: query.projectId }, 'read') : null;
  if (target && !target.ok) return target;
  const fromDay = utcDay(new Date(Date.now() - (query.days - 1) * 86_400_000));
  const { db } = deps;
  // One after another: on the embedded database they would queue on its one connection anyway.
  const types = await readAggregates(db, query.projectId, 'type');
  const trend = await readDaily(db, query.projectId, 'type', fromDay, { per: query.per });
  const campaigns = await readAggregates(db, query.projectId, 'campaign');
  const mostVoted = await readMostVoted(db, query.projectId, 'item', MOST_VOTED);
  const at = (pipelineId: string, entryId: string) => formatItemId({ projectId: query.projectId, documentId: pipelineId, entryId });
  let item: VoteAnalytics['item'] = null;
  if (target) {
    const { itemKey, itemId, itemType } = target.value;
    const terms = await readTopTerms(db, query.projectId, itemKey, TOP_TERMS);
    const of = (polarity: 'positive' | 'negative') => terms.filter((term) => term.polarity === polarity).map(({ term, uses }) => ({ term, uses }));
    item = {
      itemId,
      itemType,
      aggregate: presentAggregate((await readAggregates(db, query.projectId, 'item', [itemKey]))[0]),
      trend: presentTrend(await readDaily(db, query.projectId, 'item', fromDay, { keys: [itemKey], per: query.per })),
      terms: { positive: of('positive'), negative: of('negative') },
      insights: presentInsights(await readInsights(db, query.projectId, itemKey)),
    };
  }
  return ok({
    projectId: query.projectId,
    days: query.days,
    per: query.per,
    overall: presentAggregate(total(types)),
    byType: Object.fromEntries(VOTE_ITEM_TYPES.map((type) => [type, presentAggregate(types.find((row) => row.key === type))])) as Record<VoteItemType, Aggregate>,
    trend: presentTrend(trend),
    byCampaign: campaigns
      .filter((row) => row.count > 0)
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .map((row) => {
        const { pipelineId, entryId } = keyParts(row.key);
        return { campaignId: at(pipelineId, entryId), aggregate: presentAggregate(row) };
      }),
    mostVoted: mostVoted.map((row) => {
      const parts = keyParts(row.key);
      return { itemId: at(parts.pipelineId, parts.entryId), itemType: parts.itemType, aggregate: presentAggregate(row) };
    }),
    item,
  });
}
