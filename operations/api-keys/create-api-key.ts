import { type ApiKey, createApiKey as issueApiKey } from '../../identity/api-keys.js';
import { recordAudit } from '../../identity/audit.js';
import { type ApiKeyRole, outranks } from '../../identity/roles.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type AuditOrigin, auditActorOf } from '../projects/audit-actor.js';
import { requireProjectRole } from '../projects/require-project-role.js';

export interface CreateApiKeyInput extends AuditOrigin {
  projectId: string;
  name: string;
  role: ApiKeyRole;
}

export interface CreatedApiKey extends ApiKey {
  /** Here once and nowhere else, ever: only its hash is stored. */
  secret: string;
}

/**
 * Issues a key that acts for the person creating it, in this project only. It may not carry
 * more rights than they have now, and never acts with more than they have later (the verifier
 * takes the lesser of the two on every use).
 */
export async function createApiKey(deps: OperationDeps, caller: Caller, input: CreateApiKeyInput): Promise<Outcome<CreatedApiKey>> {
  const access = await requireProjectRole(caller, input.projectId, 'apiKeys.manage');
  if (!access.ok) return access;
  const { projectId, role } = access.value;
  const { principal } = caller;
  if (principal.type !== 'user') return fail('FORBIDDEN', 'API keys are created by a signed-in person, not by another key.');
  if (outranks(input.role, role)) return fail('FORBIDDEN', `You cannot create a key with more rights (${input.role}) than your own (${role}).`);
  const created = await deps.db.transaction(async (tx) => {
    const issued = await issueApiKey(tx, { projectId, name: input.name, role: input.role, createdBy: principal.user.id });
    await recordAudit(tx, { action: 'api_key.created', projectId, ...auditActorOf(principal), target: issued.apiKey.id, details: { name: input.name, role: input.role }, ip: input.ip });
    return issued;
  });
  return ok({ ...created.apiKey, secret: created.secret });
}
