import { recordAudit } from '../../../identity/audit.js';
import { settleInvoicePayment } from '../../../storage/billing/invoice-settlement.js';
import { insertBankTransferPayment, setManualReference } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import type { InvoiceDeps } from './invoice-deps.js';
import type { InvoiceView } from './invoice-view.js';
import { transitionInvoice } from './transition-invoice.js';

/**
 * A bank transfer arrived: an admin marks the invoice paid with the transfer's reference. What is
 * still due is recorded as a `bank_transfer` payment and settled, in one transaction with the audit.
 */
export function markInvoicePaid(deps: InvoiceDeps, caller: Caller, input: AuditOrigin & { invoiceId: string; reference: string }): Promise<Outcome<InvoiceView>> {
  const actor = auditActorOf(caller.principal);
  return transitionInvoice(deps, caller, input.invoiceId, 'paid', async (tx, invoice) => {
    const { projectId, id } = invoice;
    const remaining = invoice.totalMinor - invoice.amountPaidMinor;
    await setManualReference(tx, id, input.reference);
    if (remaining > 0n) {
      await insertBankTransferPayment(tx, { projectId, invoiceId: id, amountMinor: remaining, currency: invoice.currency, createdBy: actor.actorUserId });
    }
    await settleInvoicePayment(tx, { invoiceId: id, amountMinor: remaining > 0n ? remaining : 0n, at: new Date() });
    await recordAudit(tx, { action: 'invoice.marked_paid', projectId, ...actor, target: id, details: { number: invoice.displayNumber, reference: input.reference, amountMinor: remaining.toString() }, ip: input.ip });
    return ok(undefined);
  });
}
