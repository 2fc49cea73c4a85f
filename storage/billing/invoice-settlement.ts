import type { Queryable } from '../../platform/db/database.js';

/**
 * What a payment does to its invoice, called in the transaction that records the payment (card
 * payments here, bank transfers by the invoices' "mark paid"). The invoice row is locked, so two
 * settlements of one invoice add up instead of overwriting each other.
 */

export interface Settlement {
  invoiceId: string;
  /** Integer minor units; positive, or 0 to mark a zero-total invoice paid. */
  amountMinor: number | bigint;
  /** When the money arrived (the invoice's paid_at when this makes it fully paid). */
  at: Date;
}

export interface SettledInvoice {
  invoiceId: string;
  status: string;
  amountPaidMinor: number;
  totalMinor: number;
}

/**
 * Adds a succeeded payment to the invoice: `amount_paid_minor` grows; once it covers the total the
 * invoice is `paid` with `paid_at`; the last payment error is cleared. Null: no such invoice.
 */
export async function settleInvoicePayment(tx: Queryable, settlement: Settlement): Promise<SettledInvoice | null> {
  const amount = settlement.amountMinor;
  if ((typeof amount === 'number' && !Number.isSafeInteger(amount)) || amount < 0) throw new RangeError('a settlement is a whole, non-negative number of minor units');
  const { rows } = await tx.query<{ id: string; status: string; amount_paid_minor: string; total_minor: string }>(
    `UPDATE invoices SET
       amount_paid_minor = amount_paid_minor + $2::bigint,
       status = CASE WHEN status IN ('open', 'uncollectible') AND amount_paid_minor + $2::bigint >= total_minor THEN 'paid' ELSE status END,
       paid_at = CASE WHEN status IN ('open', 'uncollectible') AND amount_paid_minor + $2::bigint >= total_minor THEN $3::timestamptz ELSE paid_at END,
       last_payment_error = NULL,
       updated_at = now()
     WHERE id = $1
     RETURNING id, status, amount_paid_minor::text, total_minor::text`,
    [settlement.invoiceId, String(settlement.amountMinor), settlement.at.toISOString()],
  );
  const row = rows[0];
  return row ? { invoiceId: row.id, status: row.status, amountPaidMinor: Number(row.amount_paid_minor), totalMinor: Number(row.total_minor) } : null;
}

/** A failed attempt: the invoice stays as it is (open) and says why, for the person who pays it next. */
export async function recordInvoicePaymentError(tx: Queryable, input: { invoiceId: string; reason: string }): Promise<void> {
  await tx.query(`UPDATE invoices SET last_payment_error = $2, updated_at = now() WHERE id = $1 AND status <> 'paid'`, [input.invoiceId, input.reason.slice(0, 500)]);
}
