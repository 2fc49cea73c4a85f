/** What people vote on: a pipeline's videos and campaigns, and a video's linked script. */
export const VOTE_ITEM_TYPES = ['video', 'script', 'campaign'] as const;
export type VoteItemType = (typeof VOTE_ITEM_TYPES)[number];

export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

/** Where a votable item lives: the pipeline entry, and which of its votable sides (a video or its script). */
export interface VoteItemKey {
  projectId: string;
  pipelineId: string;
  entryId: string;
  itemType: VoteItemType;
}

/** A person's current vote on an item, as the API shows it. */
export interface Vote {
  /** The item's REST id (`<projectId>.<pipelineId>.<entryId>`). */
  itemId: string;
  itemType: VoteItemType;
  userId: string;
  rating: Rating;
  feedback: string | null;
  /** The feedback's sentiment (AFINN score and its per-word average); null without feedback. */
  sentiment: { score: number; comparative: number } | null;
  /** When this vote was cast (a replaced vote has the time of its replacement). */
  timestamp: string;
}

/** Count, mean and the 1–5 distribution of current votes, with the feedback's mean sentiment. */
export interface Aggregate {
  count: number;
  mean: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  sentiment: { feedbackCount: number; meanScore: number | null; meanComparative: number | null };
  /** Grows with every change of this aggregate: of two pushed copies, the higher version is newer. */
  version: number;
  updatedAt: string | null;
}

export interface TrendPoint {
  /** A UTC day, `YYYY-MM-DD`: the bucket's first (a Monday when the trend is per week). */
  day: string;
  count: number;
  mean: number | null;
}

/** The aggregate of an item nobody has voted on. */
export const EMPTY_AGGREGATE: Aggregate = {
  count: 0,
  mean: null,
  distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
  sentiment: { feedbackCount: 0, meanScore: null, meanComparative: null },
  version: 0,
  updatedAt: null,
};

/** The aggregates table's key of an item: one row per pipeline entry and votable side. */
export const itemScopeKey = (key: Omit<VoteItemKey, 'projectId'>): string => `${key.pipelineId}.${key.entryId}:${key.itemType}`;
/** The key of a campaign's aggregate: the votes on its videos and their scripts (and on itself). */
export const campaignScopeKey = (pipelineId: string, campaignEntryId: string): string => `${pipelineId}.${campaignEntryId}`;
