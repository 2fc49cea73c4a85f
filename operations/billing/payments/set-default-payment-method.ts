import { recordAudit } from '../../../identity/audit.js';
import { normalizedUuid } from '../../../identity/projects.js';
import { listPaymentMethods, makeDefault, paymentMethodIn } from '../../../storage/billing/payment-methods.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import type { PaymentDeps } from './payment-deps.js';
import { type PaymentMethodView, presentPaymentMethod } from './present.js';

/** Makes a saved card the one payments and the plan use by default; answers the list as it now is. */
export async function setDefaultPaymentMethod(deps: PaymentDeps, caller: Caller, input: { projectId: string; methodId: string; ip?: string | undefined }): Promise<Outcome<PaymentMethodView[]>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const id = normalizedUuid(input.methodId);
  const done = await deps.db.transaction(async (tx) => {
    const method = id ? await paymentMethodIn(tx, projectId, id) : null;
    if (!method) return false;
    await makeDefault(tx, projectId, method.id);
    await recordAudit(tx, { action: 'billing.payment_method_default', projectId, ...auditActorOf(caller.principal), target: method.id, ip: input.ip ?? null });
    return true;
  });
  if (!done) return fail('NOT_FOUND', 'No such payment method in this project.');
  return ok((await listPaymentMethods(deps.db, projectId)).map(presentPaymentMethod));
}
