import type { Queryable } from '../../platform/db/database.js';

/** What a card payment needs of an invoice: whose it is, whether it is open, what is still owed. */
export interface PayableInvoice {
  id: string;
  projectId: string;
  status: string;
  currency: string;
  totalMinor: number;
  amountPaidMinor: number;
  displayNumber: string;
}

/** The project's invoice, or null (another project's invoice is no invoice here). */
export async function invoiceForPayment(db: Queryable, projectId: string, invoiceId: string): Promise<PayableInvoice | null> {
  const { rows } = await db.query<{ id: string; project_id: string; status: string; currency: string; total_minor: string; amount_paid_minor: string; display_number: string }>(
    'SELECT id, project_id, status, currency, total_minor::text, amount_paid_minor::text, display_number FROM invoices WHERE project_id = $1 AND id = $2',
    [projectId, invoiceId],
  );
  const row = rows[0];
  return row
    ? { id: row.id, projectId: row.project_id, status: row.status, currency: row.currency, totalMinor: Number(row.total_minor), amountPaidMinor: Number(row.amount_paid_minor), displayNumber: row.display_number }
    : null;
}
