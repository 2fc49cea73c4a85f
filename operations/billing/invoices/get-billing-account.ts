import { ensureBillingAccount } from '../../../storage/billing/billing-accounts.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { type BillingAccountView, toBillingAccountView } from './billing-account-view.js';
import type { InvoiceDeps } from './invoice-deps.js';

/** The project's billing settings (owners and admins); the row is made with defaults on first use. */
export async function getBillingAccount(deps: InvoiceDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<BillingAccountView>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.read');
  if (!access.ok) return access;
  return ok(toBillingAccountView(await ensureBillingAccount(deps.db, access.value.projectId)));
}
