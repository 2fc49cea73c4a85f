import { billingEventSeen, claimBillingEvent } from '../../../storage/billing/billing-events.js';
import { projectOfCustomer } from '../../../storage/billing/payment-accounts.js';
import { projectOfSubscription } from '../../../storage/billing/subscriptions.js';
import type { Queryable } from '../../../platform/db/database.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { type PaymentDeps, notConfigured, viaProvider } from './payment-deps.js';
import type { PaymentProvider, VerifiedEvent } from './payment-provider.js';
import { recordProviderPayment } from './record-provider-payment.js';
import { recordProviderSubscription } from './record-provider-subscription.js';
import { sendReceipt } from './send-receipt.js';
import { storeSetupCard } from './store-setup-card.js';

export type WebhookResult = { outcome: 'applied' | 'duplicate' | 'ignored'; eventId: string };

const NOBODY = { createdBy: null, actor: { actorUserId: null, actorApiKeyId: null } };

/** What one event does once its object is fetched again: a change to apply in the event's transaction, and what to do after the commit. */
type Prepared = { apply: (tx: Queryable) => Promise<string | null> } | null;

async function prepare(deps: PaymentDeps, provider: PaymentProvider, event: VerifiedEvent): Promise<Outcome<Prepared>> {
  const objectId = event.objectId;
  if (!objectId) return ok(null);
  if (event.type.startsWith('payment_intent.')) {
    const intent = await viaProvider(() => provider.retrievePayment(objectId));
    if (!intent.ok) return intent.error.code === 'NOT_FOUND' ? ok(null) : intent;
    return ok({
      apply: async (tx) => {
        const recorded = await recordProviderPayment(tx, intent.value, NOBODY);
        if (!recorded?.succeededNow) return null;
        if (deps.requestReceipt) {
          await deps.requestReceipt(recorded.payment.id, { in: tx });
          return null;
        }
        return recorded.payment.id;
      },
    });
  }
  if (event.type === 'setup_intent.succeeded') {
    const intent = await viaProvider(() => provider.retrieveSetupIntent(objectId));
    if (!intent.ok) return intent.error.code === 'NOT_FOUND' ? ok(null) : intent;
    const { customerId, paymentMethodId, status } = intent.value;
    if (status !== 'succeeded' || !customerId || !paymentMethodId) return ok(null);
    const card = await viaProvider(() => provider.retrieveCard(paymentMethodId));
    if (!card.ok) return card.error.code === 'NOT_FOUND' ? ok(null) : card;
    // A card detached since (removed here) is not brought back by a late event.
    if (card.value.customerId !== customerId) return ok(null);
    return ok({
      apply: async (tx) => {
        const projectId = await projectOfCustomer(tx, customerId);
        if (projectId) await storeSetupCard(tx, projectId, card.value, NOBODY);
        return null;
      },
    });
  }
  if (event.type.startsWith('customer.subscription.')) {
    const sub = await viaProvider(() => provider.retrieveSubscription(objectId));
    if (!sub.ok) return sub.error.code === 'NOT_FOUND' ? ok(null) : sub;
    return ok({
      apply: async (tx) => {
        const projectId = (await projectOfSubscription(tx, sub.value.id)) ?? (await projectOfCustomer(tx, sub.value.customerId));
        if (projectId) await recordProviderSubscription(tx, deps.plans, projectId, sub.value);
        return null;
      },
    });
  }
  return ok(null);
}

/**
 * A Stripe webhook: the signature and its age are checked against the raw body (400 otherwise,
 * nothing changes); the event's object is fetched again from Stripe, since events arrive late,
 * twice and out of order and only the current state is worth acting on; the event's id is claimed
 * in the transaction that applies it, so a redelivery does nothing. Stripe unreachable: 502 and
 * nothing is claimed, so Stripe's retry applies it. Receipts are a job asked for in that transaction.
 */
export async function handleWebhook(deps: PaymentDeps, input: { rawBody: Buffer; signature: string | undefined }): Promise<Outcome<WebhookResult>> {
  if (!deps.provider || !deps.verifyWebhook) return notConfigured();
  if (!input.signature) return fail('BAD_REQUEST', 'The Stripe-Signature header is missing.');
  let event: VerifiedEvent;
  try {
    event = deps.verifyWebhook(input.rawBody, input.signature);
  } catch {
    return fail('BAD_REQUEST', 'The webhook signature does not match or is too old.');
  }
  if (await billingEventSeen(deps.db, event.id)) return ok({ outcome: 'duplicate', eventId: event.id });
  const prepared = await prepare(deps, deps.provider, event);
  if (!prepared.ok) return prepared;
  const applied = await deps.db.transaction(async (tx) => {
    if (!(await claimBillingEvent(tx, event))) return { outcome: 'duplicate' as const, receiptFor: null };
    const receiptFor = prepared.value ? await prepared.value.apply(tx) : null;
    return { outcome: prepared.value ? ('applied' as const) : ('ignored' as const), receiptFor };
  });
  if (applied.receiptFor) await sendReceipt(deps, applied.receiptFor);
  return ok({ outcome: applied.outcome, eventId: event.id });
}
