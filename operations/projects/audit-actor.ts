import type { Principal } from '../../identity/verifier.js';

/** What a change's audit record is told about where the request came from; REST passes the client's IP, workers none. */
export interface AuditOrigin {
  ip?: string | undefined;
}

/** Who did it, as the audit log records it: a person, or an API key (which acts for its creator). */
export function auditActorOf(principal: Principal): { actorUserId: string | null; actorApiKeyId: string | null } {
  return principal.type === 'user' ? { actorUserId: principal.user.id, actorApiKeyId: null } : { actorUserId: null, actorApiKeyId: principal.apiKeyId };
}
