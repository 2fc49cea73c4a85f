import { recordAudit } from '../../../identity/audit.js';
import { settleInvoicePayment } from '../../../storage/billing/invoice-settlement.js';
import { findInvoice, insertBankTransferPayment, setManualReference } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import { requireInvoice } from './invoice-access.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { type InvoiceView, toInvoiceView } from './invoice-view.js';
import { checkTransition } from './transitions.js';

/**
 * A bank transfer arrived: an admin marks the invoice paid with the transfer's reference. What is
 * still due is recorded as a `bank_transfer` payment and settled, in one transaction with the audit.
 */
export async function markInvoicePaid(deps: InvoiceDeps, caller: Caller, input: AuditOrigin & { invoiceId: string; reference: string }): Promise<Outcome<InvoiceView>> {
  const found = await requireInvoice(deps.db, caller, input.invoiceId, 'billing.manage');
  if (!found.ok) return found;
  const { projectId, id } = found.value.invoice;
  const actor = auditActorOf(caller.principal);
  return deps.db.transaction(async (tx) => {
    const invoice = await findInvoice(tx, projectId, id, { forUpdate: true });
    if (!invoice) return fail('NOT_FOUND', 'No such invoice.');
    const allowed = checkTransition(invoice.status, 'paid');
    if (!allowed.ok) return allowed;
    const remaining = invoice.totalMinor - invoice.amountPaidMinor;
    const now = new Date();
    await setManualReference(tx, id, input.reference);
    if (remaining > 0n) {
      await insertBankTransferPayment(tx, { projectId, invoiceId: id, amountMinor: remaining, currency: invoice.currency, createdBy: actor.actorUserId });
    }
    await settleInvoicePayment(tx, { invoiceId: id, amountMinor: remaining > 0n ? remaining : 0n, at: now });
    await recordAudit(tx, { action: 'invoice.marked_paid', projectId, ...actor, target: id, details: { number: invoice.displayNumber, reference: input.reference, amountMinor: remaining.toString() }, ip: input.ip });
    return ok(toInvoiceView((await findInvoice(tx, projectId, id))!));
  });
}
