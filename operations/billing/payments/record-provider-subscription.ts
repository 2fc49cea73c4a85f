import type { PlanTable } from '../../../platform/billing-config.js';
import type { Queryable } from '../../../platform/db/database.js';
import { lockProjectSubscription, saveSubscription, subscriptionOfProject } from '../../../storage/billing/subscriptions.js';
import type { ProviderSubscription } from './payment-provider.js';

/** The plan whose price this is; null when the price is none of the table's. */
export function planOfPrice(plans: PlanTable, priceId: string | null): string | null {
  if (!priceId) return null;
  return Object.entries(plans).find(([, plan]) => plan.priceId === priceId)?.[0] ?? null;
}

const ENDED = new Set(['canceled', 'incomplete_expired']);

/**
 * Stores the project's subscription as the provider now has it (fetched, not an event's copy).
 * An ended subscription puts the project back on the free plan; the limits stored are the plan's.
 * A late event about an older subscription that ended does not overwrite the project's newer one.
 */
export async function recordProviderSubscription(tx: Queryable, plans: PlanTable, projectId: string, sub: ProviderSubscription): Promise<string> {
  const ended = ENDED.has(sub.status);
  await lockProjectSubscription(tx, projectId);
  const current = await subscriptionOfProject(tx, projectId, { lock: true });
  if (current?.providerSubscriptionId && current.providerSubscriptionId !== sub.id && ended) return current.plan;
  const plan = ended ? 'free' : (planOfPrice(plans, sub.priceId) ?? 'free');
  const limits = plans[plan] ?? {};
  await saveSubscription(tx, {
    projectId,
    providerSubscriptionId: sub.id,
    plan,
    status: sub.status,
    currentPeriodEnd: sub.currentPeriodEnd,
    cancelAtPeriodEnd: ended ? false : sub.cancelAtPeriodEnd,
    seatLimit: limits.seats ?? null,
    storageLimitBytes: limits.storageBytes ?? null,
  });
  return plan;
}
