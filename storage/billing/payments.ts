import type { Queryable } from '../../platform/db/database.js';

export type PaymentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled';

/** One payment attempt as stored (a Stripe PaymentIntent, or a manual settlement). */
export interface Payment {
  id: string;
  projectId: string;
  invoiceId: string | null;
  provider: 'stripe' | 'bank_transfer';
  providerPaymentId: string | null;
  amountMinor: number;
  currency: string;
  status: PaymentStatus;
  failureReason: string | null;
  idempotencyKey: string | null;
  receiptSentAt: Date | null;
  createdAt: Date;
}

interface Row {
  id: string;
  project_id: string;
  invoice_id: string | null;
  provider: 'stripe' | 'bank_transfer';
  provider_payment_id: string | null;
  amount_minor: string;
  currency: string;
  status: PaymentStatus;
  failure_reason: string | null;
  idempotency_key: string | null;
  receipt_sent_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, project_id, invoice_id, provider, provider_payment_id, amount_minor::text, currency, status, failure_reason, idempotency_key, receipt_sent_at, created_at';
const paymentOf = (row: Row): Payment => ({
  id: row.id,
  projectId: row.project_id,
  invoiceId: row.invoice_id,
  provider: row.provider,
  providerPaymentId: row.provider_payment_id,
  amountMinor: Number(row.amount_minor),
  currency: row.currency,
  status: row.status,
  failureReason: row.failure_reason,
  idempotencyKey: row.idempotency_key,
  receiptSentAt: row.receipt_sent_at,
  createdAt: row.created_at,
});

export async function paymentByKey(db: Queryable, projectId: string, idempotencyKey: string): Promise<Payment | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payments WHERE project_id = $1 AND idempotency_key = $2`, [projectId, idempotencyKey]);
  return rows[0] ? paymentOf(rows[0]) : null;
}

/** A payment of the invoice that has neither succeeded nor failed yet (waiting for 3-D Secure, processing), if any. */
export async function unsettledPaymentOf(db: Queryable, invoiceId: string): Promise<Payment | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payments WHERE invoice_id = $1 AND status IN ('requires_confirmation', 'requires_action', 'processing') ORDER BY created_at DESC LIMIT 1`, [invoiceId]);
  return rows[0] ? paymentOf(rows[0]) : null;
}

export async function paymentById(db: Queryable, id: string): Promise<Payment | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payments WHERE id = $1`, [id]);
  return rows[0] ? paymentOf(rows[0]) : null;
}

/** Locks the payment of a provider id for the caller's transaction. */
export async function lockPaymentByProviderId(tx: Queryable, providerPaymentId: string): Promise<Payment | null> {
  const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM payments WHERE provider_payment_id = $1 FOR UPDATE`, [providerPaymentId]);
  return rows[0] ? paymentOf(rows[0]) : null;
}

export interface NewPayment {
  projectId: string;
  invoiceId: string | null;
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  status: PaymentStatus;
  failureReason: string | null;
  idempotencyKey: string | null;
  createdBy: string | null;
}

/** Inserts unless the provider id or the project's idempotency key is there already (a webhook or a retry got there first). */
export async function insertPaymentOnce(tx: Queryable, payment: NewPayment): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO payments (project_id, invoice_id, provider, provider_payment_id, amount_minor, currency, status, failure_reason, idempotency_key, created_by)
     VALUES ($1, $2, 'stripe', $3, $4::bigint, $5, $6, $7, $8, $9)
     ON CONFLICT DO NOTHING RETURNING id`,
    [payment.projectId, payment.invoiceId, payment.providerPaymentId, String(payment.amountMinor), payment.currency, payment.status, payment.failureReason, payment.idempotencyKey, payment.createdBy],
  );
  return rows.length === 1;
}

export async function updatePaymentStatus(tx: Queryable, id: string, status: PaymentStatus, failureReason: string | null): Promise<void> {
  await tx.query('UPDATE payments SET status = $2, failure_reason = $3, updated_at = now() WHERE id = $1', [id, status, failureReason]);
}

/** Takes the right to send the payment's receipt: true for exactly one caller, ever (until released). */
export async function claimReceipt(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query(`UPDATE payments SET receipt_sent_at = now() WHERE id = $1 AND status = 'succeeded' AND receipt_sent_at IS NULL RETURNING id`, [id]);
  return rows.length === 1;
}

/** Gives the claim back after a send that failed, so a later pass can send it. */
export async function releaseReceipt(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE payments SET receipt_sent_at = NULL WHERE id = $1', [id]);
}

/** Succeeded card payments whose receipt is not sent yet (a pass after a failed send). */
export async function paymentsAwaitingReceipt(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM payments WHERE status = 'succeeded' AND provider = 'stripe' AND receipt_sent_at IS NULL ORDER BY created_at LIMIT $1`, [limit]);
  return rows.map((row) => row.id);
}

/** Card payments made in [from, to), for reconciliation. */
export async function stripePaymentsBetween(db: Queryable, from: Date, to: Date): Promise<Payment[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM payments WHERE provider = 'stripe' AND created_at >= $1 AND created_at < $2`, [from.toISOString(), to.toISOString()]);
  return rows.map(paymentOf);
}
