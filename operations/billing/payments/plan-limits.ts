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
