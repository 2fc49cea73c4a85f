import { recordAudit } from '../../../identity/audit.js';
import { findInvoice, markIssued } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import { requireInvoice } from './invoice-access.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { type InvoiceView, toInvoiceView } from './invoice-view.js';
import { DEFAULT_DUE_DAYS } from './limits.js';
import { checkTransition } from './transitions.js';

const DAY_MS = 86_400_000;

/** draft → open: issued now, due `dueInDays` (default 30) later. Under the invoice's row lock, so two finalizes make one. */
export async function finalizeInvoice(deps: InvoiceDeps, caller: Caller, input: AuditOrigin & { invoiceId: string; dueInDays?: number | undefined }): Promise<Outcome<InvoiceView>> {
  const found = await requireInvoice(deps.db, caller, input.invoiceId, 'billing.manage');
  if (!found.ok) return found;
  const { projectId, id } = found.value.invoice;
  return deps.db.transaction(async (tx) => {
    const invoice = await findInvoice(tx, projectId, id, { forUpdate: true });
    if (!invoice) return fail('NOT_FOUND', 'No such invoice.');
    const allowed = checkTransition(invoice.status, 'open');
    if (!allowed.ok) return allowed;
    const now = new Date();
    await markIssued(tx, id, now, new Date(now.getTime() + (input.dueInDays ?? DEFAULT_DUE_DAYS) * DAY_MS));
    await recordAudit(tx, { action: 'invoice.finalized', projectId, ...auditActorOf(caller.principal), target: id, details: { number: invoice.displayNumber }, ip: input.ip });
    return ok(toInvoiceView((await findInvoice(tx, projectId, id))!));
  });
}
