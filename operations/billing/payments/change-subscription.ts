import { recordAudit } from '../../../identity/audit.js';
import { defaultPaymentMethod } from '../../../storage/billing/payment-methods.js';
import { subscriptionOfProject } from '../../../storage/billing/subscriptions.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { billingCustomerOf } from './billing-customer.js';
import { type PaymentDeps, providerOf, viaProvider } from './payment-deps.js';
import type { ProviderSubscription } from './payment-provider.js';
import { type SubscriptionView, presentSubscription } from './present-subscription.js';
import { recordProviderSubscription } from './record-provider-subscription.js';

const LIVE = new Set(['active', 'trialing', 'past_due', 'incomplete', 'unpaid', 'paused']);

/**
 * Puts the project on a paid plan: a new Stripe subscription charged to the default card, or the
 * running one moved to the plan's price (prorated; a pending cancellation is withdrawn). The
 * free plan is reached by cancelling (DELETE), not here. Stripe answers first; then our row.
 */
export async function changeSubscription(deps: PaymentDeps, caller: Caller, input: { projectId: string; plan: string; ip?: string | undefined }): Promise<Outcome<SubscriptionView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const provider = providerOf(deps);
  if (!provider.ok) return provider;
  const { projectId } = access.value;
  const plan = Object.hasOwn(deps.plans, input.plan) ? deps.plans[input.plan] : undefined;
  if (!plan) return fail('VALIDATION_FAILED', `No plan ${input.plan}.`, [{ path: 'plan', message: `must be one of ${Object.keys(deps.plans).join(', ')}` }]);
  if (!plan.priceId) return fail('VALIDATION_FAILED', `${input.plan} is not a paid plan: cancel the subscription to return to it.`, [{ path: 'plan', message: 'must be a paid plan' }]);
  const priceId = plan.priceId;
  const current = await subscriptionOfProject(deps.db, projectId);
  let result: Outcome<ProviderSubscription>;
  if (current?.providerSubscriptionId && LIVE.has(current.status)) {
    const id = current.providerSubscriptionId;
    result = await viaProvider(() => provider.value.changeSubscriptionPrice(id, priceId));
  } else {
    const method = await defaultPaymentMethod(deps.db, projectId);
    if (!method) return fail('PAYMENT_METHOD_REQUIRED', 'Add a card first: a paid plan is charged to the default payment method.');
    const customer = await billingCustomerOf(deps, provider.value, projectId);
    if (!customer.ok) return customer;
    // Keyed on what was seen: a double click or a retry after a lost answer makes one subscription, not two.
    const seen = current ? `${current.providerSubscriptionId ?? 'none'}:${current.updatedAt.getTime()}` : 'none';
    result = await viaProvider(() => provider.value.createSubscription({ customerId: customer.value, priceId, paymentMethodId: method.providerMethodId, metadata: { projectId } }, `subscription:${projectId}:${seen}:${priceId}`));
  }
  if (!result.ok) return result;
  const sub = result.value;
  await deps.db.transaction(async (tx) => {
    const planNow = await recordProviderSubscription(tx, deps.plans, projectId, sub);
    await recordAudit(tx, { action: 'billing.subscription_changed', projectId, ...auditActorOf(caller.principal), target: sub.id, details: { from: current?.plan ?? 'free', to: planNow, status: sub.status }, ip: input.ip ?? null });
  });
  return ok(presentSubscription(deps.plans, await subscriptionOfProject(deps.db, projectId)));
}
