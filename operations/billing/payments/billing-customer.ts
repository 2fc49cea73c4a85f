import { findBillingAccount } from '../../../storage/billing/billing-accounts.js';
import { saveStripeCustomer } from '../../../storage/billing/payment-accounts.js';
import type { Outcome } from '../../outcome.js';
import { type PaymentDeps, viaProvider } from './payment-deps.js';
import type { PaymentProvider } from './payment-provider.js';

/**
 * The project's Stripe customer, made on first use. The Idempotency-Key is the project, so two
 * first uses at once (or a retry after a lost answer) make one customer, not two.
 */
export async function billingCustomerOf(deps: Pick<PaymentDeps, 'db'>, provider: PaymentProvider, projectId: string): Promise<Outcome<string>> {
  const account = await findBillingAccount(deps.db, projectId);
  if (account?.stripeCustomerId) return { ok: true, value: account.stripeCustomerId };
  const created = await viaProvider(() => provider.createCustomer({ projectId, email: account?.email ?? null, name: account?.legalName ?? null }, `customer:${projectId}`));
  if (!created.ok) return created;
  return { ok: true, value: await saveStripeCustomer(deps.db, projectId, created.value.id) };
}
