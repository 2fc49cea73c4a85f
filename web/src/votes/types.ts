/**
 * The RLHF API's shapes as the hub reads them (rest/rlhf/schemas.ts is the truth; its module
 * imports server code, so the browser keeps this copy of what it needs).
 */
export const VOTE_ITEM_TYPES = ['video', 'script', 'campaign'] as const;
export type VoteItemType = (typeof VOTE_ITEM_TYPES)[number];

export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

export interface Aggregate {
  count: number;
  /** Two decimals from the server; null before the first vote. */
  mean: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  sentiment: { feedbackCount: number; meanScore: number | null; meanComparative: number | null };
  /** Grows with every change: of two copies of one item's aggregate, the higher version is newer. */
  version: number;
  updatedAt: string | null;
}

export interface Vote {
  itemId: string;
  itemType: VoteItemType;
  userId: string;
  rating: Rating;
  feedback: string | null;
  timestamp: string;
}

export interface VoteItem {
  /** The entry's REST id, `<projectId>.<pipelineId>.<entryId>`: a video and its script share it. */
  itemId: string;
  itemType: VoteItemType;
  projectId: string;
  pipelineId: string;
  entryId: string;
  title: string;
  stage: 'idea' | 'script' | 'body-mirroring' | 'production' | 'review';
  aggregate: Aggregate;
  myVote: Vote | null;
}

export interface VoteItemPage {
  items: VoteItem[];
  next: string | null;
}

export interface VoteOutcome {
  vote: Vote;
  aggregate: Aggregate;
  replaced: boolean;
}

export interface TrendPoint {
  /** A UTC day, `YYYY-MM-DD`. */
  day: string;
  count: number;
  mean: number | null;
}

export interface TermCount {
  term: string;
  uses: number;
}

export interface ItemAnalytics {
  itemId: string;
  itemType: VoteItemType;
  aggregate: Aggregate;
  trend: TrendPoint[];
  terms: { positive: TermCount[]; negative: TermCount[] };
  /** The language model's reading of the feedback, when the server has one configured and it has run. */
  insights: {
    model: string;
    feedbackCount: number;
    sentiment: number;
    summary: string;
    themes: { theme: string; tone: 'positive' | 'negative' | 'mixed'; mentions: number }[];
    analysedAt: string;
  } | null;
}

/** One item of the hub: a video and its script are two, told apart by type. */
export const itemKey = (item: { itemId: string; itemType: VoteItemType }) => `${item.itemId}:${item.itemType}`;

/** How many current votes gave `rating`. */
export const ratingCount = (aggregate: Aggregate, rating: Rating): number => aggregate.distribution[`${rating}`];
