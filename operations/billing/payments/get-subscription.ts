import { subscriptionOfProject } from '../../../storage/billing/subscriptions.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import type { PaymentDeps } from './payment-deps.js';
import { type SubscriptionView, presentSubscription } from './present-subscription.js';

/** The project's plan and its limits (free when it never subscribed). */
export async function getSubscription(deps: PaymentDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<SubscriptionView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.read');
  if (!access.ok) return access;
  return ok(presentSubscription(deps.plans, await subscriptionOfProject(deps.db, access.value.projectId)));
}
