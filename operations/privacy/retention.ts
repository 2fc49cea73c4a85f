/** Bounds of a project's retention, per kind of data, in days (also CHECKs in migration 0028). */
export const RETENTION_BOUNDS = {
  auditDays: { min: 30, max: 3_650 },
  notificationDays: { min: 7, max: 3_650 },
  analyticsRawDays: { min: 7, max: 3_650 },
} as const;

export type RetentionKind = keyof typeof RETENTION_BOUNDS;

/** What applies when a project chose nothing: today's behaviour (null: kept until the project goes). */
export interface RetentionDefaults {
  auditDays: number | null;
  notificationDays: number | null;
  analyticsRawDays: number;
}

/** A project's retention as presented: each kind's own choice (null: the default), what applies, and the bounds. */
export interface RetentionView {
  projectId: string;
  settings: Record<RetentionKind, number | null>;
  effective: Record<RetentionKind, number | null>;
  defaults: RetentionDefaults;
  bounds: typeof RETENTION_BOUNDS;
  updatedAt: string | null;
}
