import type { Queryable } from '../../platform/db/database.js';

/**
 * Money received for an invoice (a card payment, a bank transfer), in the caller's transaction:
 * added to what was paid; once the total is covered the invoice is `paid` (at `at`), and a
 * previous attempt's failure is cleared. Minimal version of the invoices branch; the payments
 * branch writes the same function and signature.
 */
export async function settleInvoicePayment(tx: Queryable, settlement: { invoiceId: string; amountMinor: number | bigint; at: Date }): Promise<void> {
  await tx.query(
    `UPDATE invoices SET amount_paid_minor = amount_paid_minor + $2::bigint, last_payment_error = NULL, updated_at = now(),
       status = CASE WHEN amount_paid_minor + $2::bigint >= total_minor THEN 'paid' ELSE status END,
       paid_at = CASE WHEN amount_paid_minor + $2::bigint >= total_minor THEN $3::timestamptz ELSE paid_at END
     WHERE id = $1`,
    [settlement.invoiceId, BigInt(settlement.amountMinor).toString(), settlement.at],
  );
}
