import type { PlanTable } from '../../../platform/billing-config.js';
import type { Subscription } from '../../../storage/billing/subscriptions.js';

export interface SubscriptionView {
  plan: string;
  status: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  limits: { seats: number | null; storageBytes: number | null };
  /** The plans a project may choose, with their limits (prices are Stripe's to show). */
  plans: { name: string; paid: boolean; seats: number | null; storageBytes: number | null }[];
}

/** A project without a subscription row is on the free plan, with no plan limits enforced. */
export function presentSubscription(plans: PlanTable, subscription: Subscription | null): SubscriptionView {
  return {
    plan: subscription?.plan ?? 'free',
    status: subscription?.status ?? 'active',
    currentPeriodEnd: subscription?.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: subscription?.cancelAtPeriodEnd ?? false,
    limits: { seats: subscription?.seatLimit ?? null, storageBytes: subscription?.storageLimitBytes ?? null },
    plans: Object.entries(plans).map(([name, plan]) => ({ name, paid: plan.priceId !== undefined, seats: plan.seats ?? null, storageBytes: plan.storageBytes ?? null })),
  };
}
