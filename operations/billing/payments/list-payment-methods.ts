import { listPaymentMethods as listStored } from '../../../storage/billing/payment-methods.js';
import type { Caller } from '../../caller.js';
import { type Outcome, ok } from '../../outcome.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import type { PaymentDeps } from './payment-deps.js';
import { type PaymentMethodView, presentPaymentMethod } from './present.js';

/** The project's saved cards (brand, last 4, expiry; never more), oldest first. Works without Stripe configured: it reads our rows. */
export async function listPaymentMethods(deps: PaymentDeps, caller: Caller, input: { projectId: string }): Promise<Outcome<PaymentMethodView[]>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.read');
  if (!access.ok) return access;
  return ok((await listStored(deps.db, access.value.projectId)).map(presentPaymentMethod));
}
