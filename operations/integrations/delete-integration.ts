import { recordAudit } from '../../identity/audit.js';
import { deleteIntegration as removeIntegration } from '../../storage/integrations.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireIntegration } from './integration-access.js';
import type { IntegrationDeps } from './integration-deps.js';

/**
 * Deletes an integration and its sealed secret. Its deliveries stay as history; those still
 * pending die at their next send (the channel finds no integration), and new events plan none.
 */
export async function deleteIntegration(deps: IntegrationDeps, caller: Caller, input: AuditOrigin & { projectId: string; integrationId: string }): Promise<Outcome<{ id: string; deleted: true }>> {
  const found = await requireIntegration(deps.db, caller, input.projectId, input.integrationId);
  if (!found.ok) return found;
  const { access, integration } = found.value;
  const deleted = await deps.db.transaction(async (tx) => {
    const gone = await removeIntegration(tx, access.projectId, integration.id);
    if (gone) await recordAudit(tx, { action: 'integration.deleted', projectId: access.projectId, ...auditActorOf(caller.principal), target: integration.id, details: { kind: integration.kind, name: integration.name }, ip: input.ip });
    return gone;
  });
  if (!deleted) return fail('NOT_FOUND', 'No such integration in this project.');
  return ok({ id: integration.id, deleted: true });
}
