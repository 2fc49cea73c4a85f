import type { Stage } from '../../../documents/pipeline/schema.js';

/** What the dashboard endpoints answer (rest/analytics/schemas.ts). */
export interface Totals {
  events: number;
  edits: number;
  activePeople: number;
}

export interface Overview {
  projectId: string;
  days: number;
  current: Totals;
  previous: Totals;
  daily: { day: string; events: number; edits: number }[];
  top: { source: string; name: string; total: number }[];
}

export const RANGES = [7, 30, 90] as const;
export type Range = (typeof RANGES)[number];

/** `/api/echo/campaigns/performance`. */
export interface CampaignsPerformance {
  projectId: string;
  days: number;
  campaigns: {
    campaignId: string;
    title: string;
    stage: Stage;
    dueDate: string | null;
    videos: { total: number; byStage: Record<Stage, number> };
    votes: { count: number; mean: number | null };
    activity: { edits: number; people: number };
  }[];
}
