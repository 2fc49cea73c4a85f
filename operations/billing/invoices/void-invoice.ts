import { recordAudit } from '../../../identity/audit.js';
import { findInvoice, markVoided } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import { requireInvoice } from './invoice-access.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { type InvoiceView, toInvoiceView } from './invoice-view.js';
import { checkTransition } from './transitions.js';

/** Voids a draft or an unpaid invoice; its number stays used (numbering has no gaps, a void invoice is kept). */
export async function voidInvoice(deps: InvoiceDeps, caller: Caller, input: AuditOrigin & { invoiceId: string }): Promise<Outcome<InvoiceView>> {
  const found = await requireInvoice(deps.db, caller, input.invoiceId, 'billing.manage');
  if (!found.ok) return found;
  const { projectId, id } = found.value.invoice;
  return deps.db.transaction(async (tx) => {
    const invoice = await findInvoice(tx, projectId, id, { forUpdate: true });
    if (!invoice) return fail('NOT_FOUND', 'No such invoice.');
    const allowed = checkTransition(invoice.status, 'void');
    if (!allowed.ok) return allowed;
    if (invoice.amountPaidMinor > 0n) return fail('INVALID_TRANSITION', 'An invoice with payments received cannot be voided.', { from: invoice.status, to: 'void', amountPaidMinor: Number(invoice.amountPaidMinor) });
    await markVoided(tx, id, new Date());
    await recordAudit(tx, { action: 'invoice.voided', projectId, ...auditActorOf(caller.principal), target: id, details: { number: invoice.displayNumber }, ip: input.ip });
    return ok(toInvoiceView((await findInvoice(tx, projectId, id))!));
  });
}
