import { type AuditAction, recordAudit } from '../../identity/audit.js';
import type { Queryable } from '../../platform/db/database.js';
import type { Caller } from '../caller.js';

/** An audit record of a change to where a file is attached (or of its deletion), in the caller's name. */
export async function auditAsset(db: Queryable, caller: Caller, entry: { action: Extract<AuditAction, `asset.${string}`>; projectId: string; assetId: string; details: Record<string, unknown> }): Promise<void> {
  const principal = caller.principal;
  await recordAudit(db, {
    action: entry.action,
    projectId: entry.projectId,
    actorUserId: principal.type === 'user' ? principal.user.id : null,
    actorApiKeyId: principal.type === 'apiKey' ? principal.apiKeyId : null,
    target: `asset:${entry.assetId}`,
    details: entry.details,
  });
}
