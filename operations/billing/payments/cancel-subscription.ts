import { recordAudit } from '../../../identity/audit.js';
import { subscriptionOfProject } from '../../../storage/billing/subscriptions.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { type PaymentDeps, providerOf, viaProvider } from './payment-deps.js';
import { type SubscriptionView, presentSubscription } from './present-subscription.js';
import { recordProviderSubscription } from './record-provider-subscription.js';

/** Cancels the plan at the end of the paid period: the limits stay until Stripe ends it (its webhook moves the project to free). */
export async function cancelSubscription(deps: PaymentDeps, caller: Caller, input: { projectId: string; ip?: string | undefined }): Promise<Outcome<SubscriptionView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const provider = providerOf(deps);
  if (!provider.ok) return provider;
  const { projectId } = access.value;
  const current = await subscriptionOfProject(deps.db, projectId);
  if (!current?.providerSubscriptionId || current.status === 'canceled' || current.status === 'incomplete_expired') return fail('NOT_FOUND', 'The project has no paid plan to cancel.');
  const id = current.providerSubscriptionId;
  const result = await viaProvider(() => provider.value.cancelSubscriptionAtPeriodEnd(id));
  if (!result.ok) return result;
  await deps.db.transaction(async (tx) => {
    await recordProviderSubscription(tx, deps.plans, projectId, result.value);
    await recordAudit(tx, { action: 'billing.subscription_canceled', projectId, ...auditActorOf(caller.principal), target: id, details: { plan: current.plan, atPeriodEnd: true }, ip: input.ip ?? null });
  });
  return ok(presentSubscription(deps.plans, await subscriptionOfProject(deps.db, projectId)));
}
