import { normalizedUuid } from '../../../identity/projects.js';
import { defaultPaymentMethod, paymentMethodIn } from '../../../storage/billing/payment-methods.js';
import { invoiceForPayment } from '../../../storage/billing/payment-invoices.js';
import { paymentByKey, unsettledPaymentOf } from '../../../storage/billing/payments.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { billingCustomerOf } from './billing-customer.js';
import { type PaymentDeps, providerOf, viaProvider } from './payment-deps.js';
import type { ProviderPayment } from './payment-provider.js';
import { type PaymentView, presentPayment } from './present.js';
import { recordProviderPayment } from './record-provider-payment.js';
import { sendReceipt } from './send-receipt.js';

export interface ProcessPaymentInput {
  projectId: string;
  /** The caller's Idempotency-Key: the same key answers the same payment, here and at Stripe. */
  idempotencyKey: string;
  invoiceId?: string | undefined;
  /** A free amount (integer minor units) when no invoice is named. */
  amountMinor?: number | undefined;
  currency?: string | undefined;
  description?: string | undefined;
  /** Our id of a saved method; absent: the project's default. */
  paymentMethodId?: string | undefined;
  ip?: string | undefined;
}

/**
 * Charges a saved card for an invoice (what is still owed, in its currency) or for a free amount.
 * Stripe is asked first, under a key derived from the caller's: only what Stripe answered is
 * recorded, in one transaction with its effect on the invoice, so an unreachable Stripe leaves no
 * row behind, and a retry (same key) gets the same PaymentIntent and the same row.
 */
export async function processPayment(deps: PaymentDeps, caller: Caller, input: ProcessPaymentInput): Promise<Outcome<PaymentView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const provider = providerOf(deps);
  if (!provider.ok) return provider;

  const earlier = await paymentByKey(deps.db, projectId, input.idempotencyKey);
  if (earlier) {
    const live = earlier.status === 'requires_action' && earlier.providerPaymentId ? await viaProvider(() => provider.value.retrievePayment(earlier.providerPaymentId!)) : null;
    return ok(presentPayment(earlier, live?.ok ? live.value : null));
  }

  let amountMinor: number;
  let currency: string;
  let invoiceId: string | null = null;
  if (input.invoiceId !== undefined) {
    const id = normalizedUuid(input.invoiceId);
    const invoice = id ? await invoiceForPayment(deps.db, projectId, id) : null;
    if (!invoice) return fail('NOT_FOUND', 'No such invoice in this project.');
    if (invoice.status !== 'open') return fail('INVOICE_NOT_PAYABLE', `The invoice is ${invoice.status}; only open invoices are paid.`, { status: invoice.status });
    amountMinor = invoice.totalMinor - invoice.amountPaidMinor;
    if (amountMinor <= 0) return fail('INVOICE_NOT_PAYABLE', 'Nothing is owed on this invoice.');
    // A payment still waiting for the bank (3-D Secure) or processing would be paid twice by a second one.
    const unsettled = await unsettledPaymentOf(deps.db, invoice.id);
    if (unsettled) return fail('PAYMENT_IN_PROGRESS', `A payment of this invoice is ${unsettled.status.replace(/_/g, ' ')}: finish or cancel it first.`, { paymentId: unsettled.id, status: unsettled.status });
    currency = invoice.currency;
    invoiceId = invoice.id;
  } else {
    if (input.amountMinor === undefined || input.currency === undefined) return fail('VALIDATION_FAILED', 'Name an invoiceId, or an amountMinor and a currency.', [{ path: 'invoiceId', message: 'invoiceId, or amountMinor and currency, is required' }]);
    if (!deps.currencies.includes(input.currency)) return fail('VALIDATION_FAILED', `Payments are taken in ${deps.currencies.join(', ')}.`, [{ path: 'currency', message: `must be one of ${deps.currencies.join(', ')}` }]);
    amountMinor = input.amountMinor;
    currency = input.currency;
  }

  const method = input.paymentMethodId !== undefined ? await paymentMethodIn(deps.db, projectId, normalizedUuid(input.paymentMethodId) ?? '00000000-0000-0000-0000-000000000000') : await defaultPaymentMethod(deps.db, projectId);
  if (!method) return fail('PAYMENT_METHOD_REQUIRED', input.paymentMethodId !== undefined ? 'No such payment method in this project.' : 'Add a card first: the project has no default payment method.');

  const customer = await billingCustomerOf(deps, provider.value, projectId);
  if (!customer.ok) return customer;
  const principal = caller.principal;
  const created = await viaProvider(() =>
    provider.value.createPayment(
      {
        amountMinor,
        currency,
        customerId: customer.value,
        paymentMethodId: method.providerMethodId,
        description: input.description,
        // What lets a webhook that arrives before our row is written make the same row.
        metadata: { projectId, idempotencyKey: input.idempotencyKey, ...(invoiceId ? { invoiceId } : {}) },
      },
      `payment:${projectId}:${input.idempotencyKey}`,
    ),
  );
  if (!created.ok) return created;
  const intent: ProviderPayment = created.value;
  const recorded = await deps.db.transaction(async (tx) => {
    const result = await recordProviderPayment(tx, intent, { createdBy: principal.type === 'user' ? principal.user.id : null, actor: auditActorOf(principal), ip: input.ip });
    if (result?.succeededNow && deps.requestReceipt) await deps.requestReceipt(result.payment.id, { in: tx });
    return result;
  });
  if (!recorded) return fail('CONFLICT', 'This Idempotency-Key belongs to another payment of this project.');
  if (recorded.succeededNow && !deps.requestReceipt) await sendReceipt(deps, recorded.payment.id);
  return ok(presentPayment(recorded.payment, intent));
}
