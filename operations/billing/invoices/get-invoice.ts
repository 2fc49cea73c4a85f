import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { requireInvoice } from './invoice-access.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { type InvoiceView, toInvoiceView } from './invoice-view.js';

/** One invoice with its lines (owners and admins). */
export async function getInvoice(deps: InvoiceDeps, caller: Caller, input: { invoiceId: string }): Promise<Outcome<InvoiceView>> {
  const found = await requireInvoice(deps.db, caller, input.invoiceId, 'billing.read');
  if (!found.ok) return found;
  return ok(toInvoiceView(found.value.invoice));
}
