import { recordAudit } from '../../../identity/audit.js';
import { markVoided } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import type { InvoiceDeps } from './invoice-deps.js';
import type { InvoiceView } from './invoice-view.js';
import { transitionInvoice } from './transition-invoice.js';

/** Voids a draft or an unpaid invoice; its number stays used (numbering has no gaps, a void invoice is kept). */
export function voidInvoice(deps: InvoiceDeps, caller: Caller, input: AuditOrigin & { invoiceId: string }): Promise<Outcome<InvoiceView>> {
  return transitionInvoice(deps, caller, input.invoiceId, 'void', async (tx, invoice) => {
    if (invoice.amountPaidMinor > 0n) return fail('INVALID_TRANSITION', 'An invoice with payments received cannot be voided.', { from: invoice.status, to: 'void', amountPaidMinor: Number(invoice.amountPaidMinor) });
    await markVoided(tx, invoice.id, new Date());
    await recordAudit(tx, { action: 'invoice.voided', projectId: invoice.projectId, ...auditActorOf(caller.principal), target: invoice.id, details: { number: invoice.displayNumber }, ip: input.ip });
    return ok(undefined);
  });
}
