import { recordAudit } from '../../identity/audit.js';
import { reviveDelivery } from '../../storage/deliveries.js';
import { deadDeliveriesOf } from '../../storage/delivery-listing.js';
import type { Caller } from '../caller.js';
import { requireIntegration } from '../integrations/integration-access.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import type { DeliveryAdminDeps } from './delivery-admin-deps.js';

/** Revivals per call: one short transaction; the answer says how many are left for the next call. */
export const RETRY_DEAD_BATCH = 200;

/**
 * Sends an integration's dead deliveries again (after it was mended and re-activated), oldest
 * first, up to RETRY_DEAD_BATCH per call: each revived as a single retry is, then one send job
 * requested for the destination, in the same transaction.
 */
export async function retryDeadDeliveries(deps: DeliveryAdminDeps, caller: Caller, input: AuditOrigin & { projectId: string; integrationId: string }): Promise<Outcome<{ revived: number; remaining: number }>> {
  const found = await requireIntegration(deps.db, caller, input.projectId, input.integrationId);
  if (!found.ok) return found;
  const { access, integration } = found.value;
  if (integration.status !== 'active') return fail('CONFLICT', `The integration is ${integration.status}: re-activate it first.`);
  const result = await deps.db.transaction(async (tx) => {
    const dead = await deadDeliveriesOf(tx, access.projectId, integration.kind, integration.id, RETRY_DEAD_BATCH);
    let revived = 0;
    for (const id of dead.ids) if (await reviveDelivery(tx, access.projectId, id)) revived++;
    const queued = revived === 0 || (await deps.requestSend(tx, integration.kind, integration.id));
    if (revived > 0) await recordAudit(tx, { action: 'delivery.retried', projectId: access.projectId, ...auditActorOf(caller.principal), target: integration.id, details: { channel: integration.kind, destination: integration.id, count: revived }, ip: input.ip });
    return { revived, remaining: dead.total - revived, queued };
  });
  // Asked again after the commit (see RequestSend); the revivals stand either way: should asking fail, the sweep hands them on within a minute.
  if (!result.queued) await deps.requestSend(deps.db, integration.kind, integration.id).catch(() => false);
  return ok({ revived: result.revived, remaining: result.remaining });
}
