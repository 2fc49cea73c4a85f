import { findBillingAccount } from '../../../storage/billing/billing-accounts.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { type PaymentDeps, providerOf, viaProvider } from './payment-deps.js';
import { type PaymentMethodView, presentPaymentMethod } from './present.js';
import { storeSetupCard } from './store-setup-card.js';

/**
 * After Stripe Elements confirmed the setup in the browser: re-fetches the SetupIntent and its
 * card from Stripe and stores what Stripe says. A SetupIntent of another project's customer is no
 * SetupIntent here (404), and one not yet succeeded answers 409.
 */
export async function confirmCardSetup(deps: PaymentDeps, caller: Caller, input: { projectId: string; setupIntentId: string; ip?: string | undefined }): Promise<Outcome<PaymentMethodView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const provider = providerOf(deps);
  if (!provider.ok) return provider;
  const { projectId } = access.value;
  const account = await findBillingAccount(deps.db, projectId);
  const intent = await viaProvider(() => provider.value.retrieveSetupIntent(input.setupIntentId));
  if (!intent.ok) return intent;
  if (!account?.stripeCustomerId || intent.value.customerId !== account.stripeCustomerId) return fail('NOT_FOUND', 'No such card setup in this project.');
  if (intent.value.status !== 'succeeded' || !intent.value.paymentMethodId) return fail('CONFLICT', `The card setup is ${intent.value.status}: finish it in the browser first.`, { status: intent.value.status });
  const methodId = intent.value.paymentMethodId;
  const card = await viaProvider(() => provider.value.retrieveCard(methodId));
  if (!card.ok) return card;
  if (card.value.customerId !== account.stripeCustomerId) return fail('NOT_FOUND', 'No such card in this project.');
  const principal = caller.principal;
  const method = await deps.db.transaction((tx) =>
    storeSetupCard(tx, projectId, card.value, { createdBy: principal.type === 'user' ? principal.user.id : null, actor: auditActorOf(principal), ip: input.ip }),
  );
  return ok(presentPaymentMethod(method));
}
