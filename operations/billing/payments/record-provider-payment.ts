import { recordAudit } from '../../../identity/audit.js';
import { normalizedUuid } from '../../../identity/projects.js';
import type { Queryable } from '../../../platform/db/database.js';
import { recordInvoicePaymentError, settleInvoicePayment } from '../../../storage/billing/invoice-settlement.js';
import { invoiceForPayment } from '../../../storage/billing/payment-invoices.js';
import { type Payment, insertPaymentOnce, lockPaymentByProviderId, updatePaymentStatus } from '../../../storage/billing/payments.js';
import type { ProviderPayment } from './payment-provider.js';

export interface RecordedPayment {
  payment: Payment;
  /** This call moved it to `succeeded` (and settled its invoice): its receipt is due after the commit. */
  succeededNow: boolean;
}

/** Who asked for it, when a person's request made the payment (the webhook path has nobody). */
export interface PaymentOrigin {
  createdBy: string | null;
  actor: { actorUserId: string | null; actorApiKeyId: string | null };
  ip?: string | undefined;
}

/**
 * Brings our row of a provider payment to the provider's state (as just fetched from the provider,
 * never as an event's snapshot) in the caller's transaction, and applies what changed to the
 * invoice: settled once when it first succeeds, the decline reason when it fails. The request that
 * made the payment and its webhooks may arrive in any order and any number of times: the row is
 * made by whichever comes first (from the intent's metadata), and `succeeded` is final.
 * Null: the payment is none of ours (no project in its metadata).
 */
export async function recordProviderPayment(tx: Queryable, intent: ProviderPayment, origin: PaymentOrigin | null): Promise<RecordedPayment | null> {
  let payment = await lockPaymentByProviderId(tx, intent.id);
  let previous: Payment['status'] | null = payment?.status ?? null;
  if (!payment) {
    const projectId = normalizedUuid(intent.metadata.projectId ?? '');
    if (!projectId) return null;
    const invoiceId = normalizedUuid(intent.metadata.invoiceId ?? '');
    const invoice = invoiceId ? await invoiceForPayment(tx, projectId, invoiceId) : null;
    await insertPaymentOnce(tx, {
      projectId,
      invoiceId: invoice?.id ?? null,
      providerPaymentId: intent.id,
      amountMinor: intent.amountMinor,
      currency: intent.currency,
      // Inserted as not yet attempted, so the transition below applies its effects once, here.
      status: 'requires_confirmation',
      failureReason: null,
      idempotencyKey: intent.metadata.idempotencyKey ?? null,
      createdBy: origin?.createdBy ?? null,
    });
    payment = await lockPaymentByProviderId(tx, intent.id);
    if (!payment) return null; // the project's key is taken by another payment: not this one's row to make
    previous = payment.status;
    await recordAudit(tx, {
      action: 'billing.payment_created',
      projectId,
      ...(origin?.actor ?? {}),
      target: payment.id,
      details: { providerPaymentId: intent.id, invoiceId: payment.invoiceId, amountMinor: intent.amountMinor, currency: intent.currency },
      ip: origin?.ip ?? null,
    });
  }
  if (previous === 'succeeded' || previous === intent.status) return { payment, succeededNow: false };
  await updatePaymentStatus(tx, payment.id, intent.status, intent.failureReason);
  if (payment.invoiceId && intent.status === 'succeeded') await settleInvoicePayment(tx, { invoiceId: payment.invoiceId, amountMinor: payment.amountMinor, at: new Date() });
  if (payment.invoiceId && intent.status === 'failed') await recordInvoicePaymentError(tx, { invoiceId: payment.invoiceId, reason: intent.failureReason ?? 'The payment failed.' });
  await recordAudit(tx, { action: 'billing.payment_updated', projectId: payment.projectId, ...(origin?.actor ?? {}), target: payment.id, details: { from: previous, to: intent.status }, ip: origin?.ip ?? null });
  return { payment: { ...payment, status: intent.status, failureReason: intent.failureReason }, succeededNow: intent.status === 'succeeded' };
}
