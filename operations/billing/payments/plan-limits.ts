import type { Queryable } from '../../../platform/db/database.js';
import { subscriptionOfProject } from '../../../storage/billing/subscriptions.js';

export interface PlanLimits {
  /** The plan the limits come from; null: the project never had a subscription (no plan limits at all). */
  plan: string | null;
  /** Members the project may have; null: no plan limit. */
  seats: number | null;
  /** Bytes of uploaded files; null: only the instance's quota (ASSET_PROJECT_QUOTA_BYTES) applies. */
  storageBytes: number | null;
}

/**
 * What the project's plan allows, for the rest of the product to enforce (member invitations,
 * the upload quota). The limits were stored with the subscription when its plan was set, so this
 * is one read and can run inside the caller's transaction.
 */
export async function planLimitsOf(db: Queryable, projectId: string): Promise<PlanLimits> {
  const subscription = await subscriptionOfProject(db, projectId);
  if (!subscription) return { plan: null, seats: null, storageBytes: null };
  return { plan: subscription.plan, seats: subscription.seatLimit, storageBytes: subscription.storageLimitBytes };
}

/** Whether the project's members fill its plan's seats already (an invitation would exceed them). Call inside the adding transaction. */
export async function seatLimitReached(tx: Queryable, projectId: string): Promise<boolean> {
  // Locked, so two invitations at once are counted one after the other (the second sees the first's member).
  const subscription = await subscriptionOfProject(tx, projectId, { lock: true });
  const seats = subscription?.seatLimit ?? null;
  if (seats === null) return false;
  const { rows } = await tx.query<{ n: string }>('SELECT count(*)::text AS n FROM project_members WHERE project_id = $1', [projectId]);
  return Number(rows[0]?.n ?? 0) >= seats;
}

/** The bytes of files the project may keep: the instance's quota, or the plan's when that is smaller. */
export async function storageQuotaOf(db: Queryable, projectId: string, instanceQuotaBytes: number): Promise<number> {
  const { storageBytes } = await planLimitsOf(db, projectId);
  return storageBytes === null ? instanceQuotaBytes : Math.min(instanceQuotaBytes, storageBytes);
}
