import type { Queryable } from '../../platform/db/database.js';

export interface Mismatch {
  id: string;
  projectId: string | null;
  kind: string;
  invoiceId: string | null;
  paymentId: string | null;
  providerRef: string | null;
  detail: Record<string, unknown>;
  foundAt: Date;
}

export interface NewMismatch {
  projectId: string | null;
  kind: string;
  invoiceId: string | null;
  paymentId: string | null;
  providerRef: string | null;
  detail: Record<string, unknown>;
}

/** Records a difference unless the same one (kind and subject) is listed and unresolved already: a daily pass adds each once. */
export async function recordMismatchOnce(db: Queryable, mismatch: NewMismatch): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO billing_mismatches (project_id, kind, invoice_id, payment_id, provider_ref, detail)
     SELECT $1, $2, $3, $4, $5, $6::jsonb
     WHERE NOT EXISTS (
       SELECT 1 FROM billing_mismatches WHERE resolved_at IS NULL AND kind = $2
         AND invoice_id IS NOT DISTINCT FROM $3::uuid AND payment_id IS NOT DISTINCT FROM $4::uuid AND provider_ref IS NOT DISTINCT FROM $5::text)
     RETURNING id`,
    [mismatch.projectId, mismatch.kind, mismatch.invoiceId, mismatch.paymentId, mismatch.providerRef, JSON.stringify(mismatch.detail)],
  );
  return rows.length === 1;
}

export async function listOpenMismatches(db: Queryable, options: { limit: number; offset: number }): Promise<{ mismatches: Mismatch[]; total: number }> {
  const { rows } = await db.query<{ id: string; project_id: string | null; kind: string; invoice_id: string | null; payment_id: string | null; provider_ref: string | null; detail: Record<string, unknown>; found_at: Date }>(
    'SELECT id::text, project_id, kind, invoice_id, payment_id, provider_ref, detail, found_at FROM billing_mismatches WHERE resolved_at IS NULL ORDER BY found_at DESC, id DESC LIMIT $1 OFFSET $2',
    [options.limit, options.offset],
  );
  const count = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM billing_mismatches WHERE resolved_at IS NULL');
  return {
    mismatches: rows.map((row) => ({ id: row.id, projectId: row.project_id, kind: row.kind, invoiceId: row.invoice_id, paymentId: row.payment_id, providerRef: row.provider_ref, detail: row.detail, foundAt: row.found_at })),
    total: Number(count.rows[0]?.n ?? 0),
  };
}

/** Paid invoices whose succeeded payments (card or bank transfer) do not add up to what the invoice says was paid, or that were paid more than their total. */
export async function paidInvoicesNotMatchingPayments(db: Queryable): Promise<{ invoiceId: string; projectId: string; amountPaidMinor: number; paymentsMinor: number; totalMinor: number }[]> {
  const { rows } = await db.query<{ id: string; project_id: string; amount_paid_minor: string; total_minor: string; payments_minor: string }>(
    `SELECT i.id, i.project_id, i.amount_paid_minor::text, i.total_minor::text, COALESCE(SUM(p.amount_minor) FILTER (WHERE p.status = 'succeeded'), 0)::text AS payments_minor
     FROM invoices i LEFT JOIN payments p ON p.invoice_id = i.id
     WHERE i.status = 'paid'
     GROUP BY i.id
     HAVING i.amount_paid_minor <> COALESCE(SUM(p.amount_minor) FILTER (WHERE p.status = 'succeeded'), 0) OR i.amount_paid_minor <> i.total_minor`,
  );
  return rows.map((row) => ({ invoiceId: row.id, projectId: row.project_id, amountPaidMinor: Number(row.amount_paid_minor), paymentsMinor: Number(row.payments_minor), totalMinor: Number(row.total_minor) }));
}
