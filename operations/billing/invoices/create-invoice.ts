import { recordAudit } from '../../../identity/audit.js';
import { ensureBillingAccount } from '../../../storage/billing/billing-accounts.js';
import { findInvoice, insertNumberedInvoice } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { type AuditOrigin, auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import type { LineInput } from '../tax/invoice-totals.js';
import { buildInvoice } from './build-invoice.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { type InvoiceView, toInvoiceView } from './invoice-view.js';
import { DEFAULT_DUE_DAYS } from './limits.js';

export interface CreateInvoiceInput extends AuditOrigin {
  projectId: string;
  /** Default: the billing account's currency. */
  currency?: string | undefined;
  lines: LineInput[];
  dueInDays?: number | undefined;
  /** Issue it at once (`open`) instead of keeping a draft. */
  finalize?: boolean | undefined;
}

/** A manual invoice (owners and admins): numbered in the transaction that inserts it, audited with it. */
export async function createInvoice(deps: InvoiceDeps, caller: Caller, input: CreateInvoiceInput): Promise<Outcome<InvoiceView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const actor = auditActorOf(caller.principal);
  return deps.db.transaction(async (tx) => {
    const account = await ensureBillingAccount(tx, projectId);
    const built = buildInvoice(deps.invoices, account, {
      currency: input.currency ?? account.currency,
      lines: input.lines,
      status: input.finalize ? 'open' : 'draft',
      dueInDays: input.dueInDays ?? DEFAULT_DUE_DAYS,
      source: 'manual',
      milestoneKey: null,
      createdBy: actor.actorUserId,
      now: new Date(),
    });
    if (!built.ok) return built;
    const { id } = await insertNumberedInvoice(tx, built.value);
    const invoice = (await findInvoice(tx, projectId, id))!;
    await recordAudit(tx, { action: 'invoice.created', projectId, ...actor, target: id, details: { number: invoice.displayNumber, status: invoice.status, totalMinor: invoice.totalMinor.toString(), currency: invoice.currency }, ip: input.ip });
    return ok(toInvoiceView(invoice));
  });
}
