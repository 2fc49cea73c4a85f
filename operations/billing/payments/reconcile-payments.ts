import { paymentsAwaitingReceipt, stripePaymentsBetween } from '../../../storage/billing/payments.js';
import { paidInvoicesNotMatchingPayments, recordMismatchOnce } from '../../../storage/billing/payment-mismatches.js';
import type { PaymentDeps } from './payment-deps.js';
import { sendReceipt } from './send-receipt.js';

export interface ReconciliationReport {
  providerPayments: number;
  ourPayments: number;
  mismatchesFound: number;
  receiptsRetried: number;
}

/** How far back a daily pass looks: two days, so a pass that failed once is covered by the next. */
export const RECONCILE_WINDOW_MS = 48 * 3_600_000;

/**
 * Compares our card payments with Stripe's over the window (each succeeded intent at Stripe must be
 * a succeeded payment here for the same amount, and the other way round) and our paid invoices with
 * their payments; each difference is listed once in `billing_mismatches` for instance admins. Also
 * sends receipts whose first send failed. Reads only: nothing is corrected automatically.
 */
export async function reconcilePayments(deps: PaymentDeps, now = new Date()): Promise<ReconciliationReport> {
  const report: ReconciliationReport = { providerPayments: 0, ourPayments: 0, mismatchesFound: 0, receiptsRetried: 0 };
  const found = async (mismatch: Parameters<typeof recordMismatchOnce>[1]) => {
    if (await recordMismatchOnce(deps.db, mismatch)) report.mismatchesFound += 1;
  };
  if (deps.provider) {
    const from = new Date(now.getTime() - RECONCILE_WINDOW_MS);
    // Stripe's times are whole seconds: the window ends a minute ahead, so nothing made just now falls outside.
    const theirs = await deps.provider.listPayments({ from, to: new Date(now.getTime() + 60_000) });
    // Our rows are written after Stripe's answer: a little wider on our side, so none at the edge is missed.
    const ours = await stripePaymentsBetween(deps.db, new Date(from.getTime() - 3_600_000), new Date(now.getTime() + 3_600_000));
    report.providerPayments = theirs.length;
    report.ourPayments = ours.length;
    const oursById = new Map(ours.map((payment) => [payment.providerPaymentId, payment]));
    const theirsById = new Map(theirs.map((intent) => [intent.id, intent]));
    for (const intent of theirs) {
      if (intent.status !== 'succeeded') continue;
      const payment = oursById.get(intent.id);
      if (!payment) await found({ projectId: null, kind: 'provider_payment_unrecorded', invoiceId: null, paymentId: null, providerRef: intent.id, detail: { amountMinor: intent.amountMinor, currency: intent.currency, projectId: intent.metadata.projectId ?? null } });
      else if (payment.status !== 'succeeded') await found({ projectId: payment.projectId, kind: 'status_differs', invoiceId: payment.invoiceId, paymentId: payment.id, providerRef: intent.id, detail: { ours: payment.status, provider: intent.status } });
      else if (payment.amountMinor !== intent.amountMinor || payment.currency !== intent.currency) await found({ projectId: payment.projectId, kind: 'amount_differs', invoiceId: payment.invoiceId, paymentId: payment.id, providerRef: intent.id, detail: { ours: { amountMinor: payment.amountMinor, currency: payment.currency }, provider: { amountMinor: intent.amountMinor, currency: intent.currency } } });
    }
    for (const payment of ours) {
      if (payment.status !== 'succeeded' || !payment.providerPaymentId || payment.createdAt < from) continue;
      const intent = theirsById.get(payment.providerPaymentId);
      if (!intent || intent.status !== 'succeeded') await found({ projectId: payment.projectId, kind: 'payment_not_succeeded_at_provider', invoiceId: payment.invoiceId, paymentId: payment.id, providerRef: payment.providerPaymentId, detail: { provider: intent?.status ?? 'missing' } });
    }
  }
  for (const invoice of await paidInvoicesNotMatchingPayments(deps.db)) {
    await found({ projectId: invoice.projectId, kind: 'invoice_payments_differ', invoiceId: invoice.invoiceId, paymentId: null, providerRef: null, detail: { amountPaidMinor: invoice.amountPaidMinor, paymentsMinor: invoice.paymentsMinor, totalMinor: invoice.totalMinor } });
  }
  for (const paymentId of await paymentsAwaitingReceipt(deps.db, 100)) {
    if ((await sendReceipt(deps, paymentId)) === 'sent') report.receiptsRetried += 1;
  }
  return report;
}
