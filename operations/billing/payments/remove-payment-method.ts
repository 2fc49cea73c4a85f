import { recordAudit } from '../../../identity/audit.js';
import { normalizedUuid } from '../../../identity/projects.js';
import { deletePaymentMethod, paymentMethodIn } from '../../../storage/billing/payment-methods.js';
import type { Caller } from '../../caller.js';
import { type Outcome, fail, ok } from '../../outcome.js';
import { auditActorOf } from '../../projects/audit-actor.js';
import { requireProjectRole } from '../../projects/require-project-role.js';
import { type PaymentDeps, providerOf, viaProvider } from './payment-deps.js';

/**
 * Removes a saved card: detached at Stripe first (so it can no longer be charged), then deleted
 * here. A card Stripe no longer has is deleted here all the same; an unreachable Stripe keeps both.
 */
export async function removePaymentMethod(deps: PaymentDeps, caller: Caller, input: { projectId: string; methodId: string; ip?: string | undefined }): Promise<Outcome<{ id: string; deleted: true }>> {
  const access = await requireProjectRole(caller, input.projectId, 'billing.manage');
  if (!access.ok) return access;
  const provider = providerOf(deps);
  if (!provider.ok) return provider;
  const { projectId } = access.value;
  const id = normalizedUuid(input.methodId);
  const method = id ? await paymentMethodIn(deps.db, projectId, id) : null;
  if (!method) return fail('NOT_FOUND', 'No such payment method in this project.');
  const detached = await viaProvider(() => provider.value.detachPaymentMethod(method.providerMethodId));
  if (!detached.ok && detached.error.code !== 'NOT_FOUND' && detached.error.code !== 'PAYMENT_PROVIDER_REFUSED') return detached;
  await deps.db.transaction(async (tx) => {
    await deletePaymentMethod(tx, projectId, method.id);
    await recordAudit(tx, { action: 'billing.payment_method_removed', projectId, ...auditActorOf(caller.principal), target: method.id, details: { brand: method.brand, last4: method.last4 }, ip: input.ip ?? null });
  });
  return ok({ id: method.id, deleted: true });
}
