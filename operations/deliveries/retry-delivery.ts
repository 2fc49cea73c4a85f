import { recordAudit } from '../../identity/audit.js';
import { normalizedUuid } from '../../identity/projects.js';
import type { Queryable } from '../../platform/db/database.js';
import { reviveDelivery } from '../../storage/deliveries.js';
import { type ListedDelivery, getProjectDelivery } from '../../storage/delivery-listing.js';
import { getIntegration } from '../../storage/integrations.js';
import type { Caller } from '../caller.js';
import { requireIntegrationManager } from '../integrations/integration-access.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import type { DeliveryAdminDeps } from './delivery-admin-deps.js';
import { type DeliveryView, toDeliveryView } from './delivery-view.js';

/** Why a delivery to this destination cannot be sent now, or null: retrying into a broken integration would only die again. */
export async function destinationRefusal(db: Queryable, delivery: Pick<ListedDelivery, 'destinationType' | 'destination'>): Promise<string | null> {
  if (delivery.destinationType === 'gone') return 'Its destination no longer exists.';
  if (delivery.destinationType !== 'integration') return null;
  const integration = await getIntegration(db, delivery.destination);
  if (!integration) return 'Its integration no longer exists.';
  if (integration.status !== 'active') return `Its integration is ${integration.status}: re-activate it first.`;
  return null;
}

/**
 * Sends a dead delivery again: back to pending with its attempts reset (reviveDelivery), and the
 * destination's send job requested in the same transaction. Only dead ones: a pending or sending
 * delivery is already on its way, a delivered one arrived.
 */
export async function retryDelivery(deps: DeliveryAdminDeps, caller: Caller, input: AuditOrigin & { projectId: string; deliveryId: string }): Promise<Outcome<DeliveryView>> {
  const access = await requireIntegrationManager(caller, input.projectId);
  if (!access.ok) return access;
  const { projectId } = access.value;
  const id = normalizedUuid(input.deliveryId);
  const delivery = id ? await getProjectDelivery(deps.db, projectId, id) : null;
  if (!delivery) return fail('NOT_FOUND', 'No such delivery in this project.');
  if (delivery.status !== 'dead') return fail('CONFLICT', `Only a dead delivery can be retried; this one is ${delivery.status}.`);
  const refusal = await destinationRefusal(deps.db, delivery);
  if (refusal) return fail('CONFLICT', refusal);
  const revived = await deps.db.transaction(async (tx) => {
    const again = await reviveDelivery(tx, projectId, delivery.id);
    if (!again) return null;
    const queued = await deps.requestSend(tx, again.channel, again.destination);
    await recordAudit(tx, { action: 'delivery.retried', projectId, ...auditActorOf(caller.principal), target: delivery.id, details: { channel: again.channel, destination: again.destination, count: 1 }, ip: input.ip });
    return { again, queued };
  });
  // Someone else retried it meanwhile.
  if (!revived) return fail('CONFLICT', 'Only a dead delivery can be retried; this one is no longer dead.');
  // Asked again after the commit (see RequestSend); the revival stands either way: should asking fail, the sweep hands it on within a minute.
  if (!revived.queued) await deps.requestSend(deps.db, revived.again.channel, revived.again.destination).catch(() => false);
  const current = await getProjectDelivery(deps.db, projectId, delivery.id);
  return current ? ok(toDeliveryView(current)) : fail('NOT_FOUND', 'No such delivery in this project.');
}
