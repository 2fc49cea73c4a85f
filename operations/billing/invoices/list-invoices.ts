import { type InvoiceStatus, listInvoices as readInvoices } from '../../../storage/billing/invoices.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import type { InvoiceDeps } from './invoice-deps.js';
import { type InvoiceView, toInvoiceView } from './invoice-view.js';

/** A page of a project's invoices, newest first, optionally of one status (owners and admins). */
export async function listInvoices(deps: InvoiceDeps, caller: Caller, input: { projectId: string; status?: InvoiceStatus | undefined; limit: number; offset: number }): Promise<Outcome<{ invoices: InvoiceView[]; total: number }>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.read');
  if (!access.ok) return access;
  const { invoices, total } = await readInvoices(deps.db, access.value.projectId, { status: input.status, limit: input.limit, offset: input.offset });
  return ok({ invoices: invoices.map(toInvoiceView), total });
}
