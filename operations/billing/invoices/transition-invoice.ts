import type { Queryable } from '../../../platform/db/database.js';
import { type InvoiceStatus, type StoredInvoice, findInvoice } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { requireInvoice } from './invoice-access.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { type InvoiceView, toInvoiceView } from './invoice-view.js';
import { checkTransition } from './transitions.js';

/**
 * Moves an invoice to `to` (owners and admins) under its row lock, so two requests at once make one
 * move: the status table decides whether it may, then `change` does the move's writes (and may
 * still refuse) in the same transaction. Answers the invoice as it now is.
 */
export async function transitionInvoice(
  deps: InvoiceDeps,
  caller: Caller,
  invoiceId: string,
  to: InvoiceStatus,
  change: (tx: Queryable, invoice: StoredInvoice) => Promise<Outcome<void>>,
): Promise<Outcome<InvoiceView>> {
  const found = await requireInvoice(deps.db, caller, invoiceId, 'billing.manage');
  if (!found.ok) return found;
  const { projectId, id } = found.value.invoice;
  return deps.db.transaction(async (tx) => {
    const invoice = await findInvoice(tx, projectId, id, { forUpdate: true });
    if (!invoice) return fail('NOT_FOUND', 'No such invoice.');
    const allowed = checkTransition(invoice.status, to);
    if (!allowed.ok) return allowed;
    const changed = await change(tx, invoice);
    if (!changed.ok) return changed;
    return ok(toInvoiceView((await findInvoice(tx, projectId, id))!));
  });
}
