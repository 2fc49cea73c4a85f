import { recordAudit } from '../../../identity/audit.js';
import { markIssued } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import type { InvoiceDeps } from './invoice-deps.js';
import type { InvoiceView } from './invoice-view.js';
import { DEFAULT_DUE_DAYS } from './limits.js';
import { transitionInvoice } from './transition-invoice.js';

const DAY_MS = 86_400_000;

/** draft → open: issued now, due `dueInDays` (default 30) later. Under the invoice's row lock, so two finalizes make one. */
export function finalizeInvoice(deps: InvoiceDeps, caller: Caller, input: AuditOrigin & { invoiceId: string; dueInDays?: number | undefined }): Promise<Outcome<InvoiceView>> {
  return transitionInvoice(deps, caller, input.invoiceId, 'open', async (tx, invoice) => {
    const now = new Date();
    await markIssued(tx, invoice.id, now, new Date(now.getTime() + (input.dueInDays ?? DEFAULT_DUE_DAYS) * DAY_MS));
    await recordAudit(tx, { action: 'invoice.finalized', projectId: invoice.projectId, ...auditActorOf(caller.principal), target: invoice.id, details: { number: invoice.displayNumber }, ip: input.ip });
    return ok(undefined);
  });
}
