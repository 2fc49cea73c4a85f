import { normalizedUuid } from '../../identity/projects.js';
import { revokeApiKey as markRevoked } from '../../identity/api-keys.js';
import { recordAudit } from '../../identity/audit.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';

/**
 * Revokes a live key of the project: it authenticates nobody from now on, and its open
 * connections close (the event goes out after the commit, so their re-check finds it revoked).
 * A key already revoked, or of another project, is not found.
 */
export async function revokeApiKey(deps: OperationDeps, caller: Caller, input: { projectId: string; keyId: string } & AuditOrigin): Promise<Outcome<{ id: string; revoked: true }>> {
  const access = await requireProjectRole(caller, input.projectId, 'apiKeys.manage');
  if (!access.ok) return access;
  const { projectId } = access.value;
  const keyId = normalizedUuid(input.keyId);
  const revoked = keyId
    ? await deps.db.transaction(async (tx) => {
        const key = await markRevoked(tx, projectId, keyId);
        if (key) await recordAudit(tx, { action: 'api_key.revoked', projectId, ...auditActorOf(caller.principal), target: key.id, details: { name: key.name }, ip: input.ip });
        return key;
      })
    : null;
  if (!revoked) return fail('NOT_FOUND', 'No such API key.');
  deps.events.emit({ type: 'apiKeyRevoked', projectId, apiKeyId: revoked.id });
  return ok({ id: revoked.id, revoked: true });
}
