import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { billingCustomerOf } from './billing-customer.js';
import { type PaymentDeps, providerOf, viaProvider } from './payment-deps.js';

export interface CardSetup {
  setupIntentId: string;
  /** For Stripe Elements' `confirmSetup` in the browser: the card goes from the browser to Stripe, never through us. */
  clientSecret: string;
  publishableKey: string | null;
}

/** Starts adding a card: a SetupIntent on the project's customer, for Stripe Elements to complete in the browser. */
export async function startCardSetup(deps: PaymentDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<CardSetup>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const provider = providerOf(deps);
  if (!provider.ok) return provider;
  const { projectId } = access.value;
  const customer = await billingCustomerOf(deps, provider.value, projectId);
  if (!customer.ok) return customer;
  const intent = await viaProvider(() => provider.value.createSetupIntent(customer.value, { projectId }));
  if (!intent.ok) return intent;
  if (!intent.value.clientSecret) return fail('PAYMENT_PROVIDER_REFUSED', 'The payment provider gave no client secret.');
  return ok({ setupIntentId: intent.value.id, clientSecret: intent.value.clientSecret, publishableKey: deps.publishableKey });
}
