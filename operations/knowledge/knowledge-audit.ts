import { type AuditAction, recordAudit } from '../../identity/audit.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Caller } from '../caller.js';

/** An audit record of a change to a knowledge document, in the caller's name. */
export async function auditKnowledge(db: Queryable, caller: Caller, entry: { action: Extract<AuditAction, `knowledge.${string}`>; projectId: string; documentId: string; details: Record<string, unknown> }): Promise<void> {
  const principal = caller.principal;
  await recordAudit(db, {
    action: entry.action,
    projectId: entry.projectId,
    actorUserId: principal.type === 'user' ? principal.user.id : null,
    actorApiKeyId: principal.type === 'apiKey' ? principal.apiKeyId : null,
    target: `knowledge:${entry.documentId}`,
    details: entry.details,
  });
}
