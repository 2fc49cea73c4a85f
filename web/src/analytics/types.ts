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
