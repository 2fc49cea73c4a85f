import { claimReceipt, paymentById, releaseReceipt } from '../../../storage/billing/payments.js';
import { receiptRecipients } from '../../../storage/billing/payment-accounts.js';
import { invoiceForPayment } from '../../../storage/billing/payment-invoices.js';
import type { PaymentDeps } from './payment-deps.js';

/**
 * Sends a succeeded payment's receipt, once: after the commit that recorded the success, whoever
 * claims `receipt_sent_at` first sends it (the request and its webhook may both try). A send that
 * fails gives the claim back for the reconciliation pass to try again; it never undoes the payment.
 */
export async function sendReceipt(deps: Pick<PaymentDeps, 'db' | 'receipts' | 'logger'>, paymentId: string): Promise<'sent' | 'not-due' | 'no-mailer' | 'failed'> {
  if (!deps.receipts) return 'no-mailer';
  const payment = await paymentById(deps.db, paymentId);
  if (!payment || payment.status !== 'succeeded') return 'not-due';
  const to = await receiptRecipients(deps.db, payment.projectId);
  if (to.length === 0) return 'not-due';
  if (!(await claimReceipt(deps.db, payment.id))) return 'not-due';
  try {
    const { rows } = await deps.db.query<{ name: string }>('SELECT name FROM projects WHERE id = $1', [payment.projectId]);
    const invoice = payment.invoiceId ? await invoiceForPayment(deps.db, payment.projectId, payment.invoiceId) : null;
    await deps.receipts.send({ to, projectName: rows[0]?.name ?? 'your project', amountMinor: payment.amountMinor, currency: payment.currency, invoiceNumber: invoice?.displayNumber ?? null, paymentId: payment.id, paidAt: new Date() });
    return 'sent';
  } catch (error) {
    deps.logger.warn({ err: error, paymentId }, 'payment receipt not sent; it is retried by the next reconciliation pass');
    await releaseReceipt(deps.db, payment.id);
    return 'failed';
  }
}
