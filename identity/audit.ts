import type { Queryable } from '../platform/db/database.js';

export type AuditAction =
  | 'auth.sign_in'
  | 'auth.sign_out'
  | 'auth.refresh_token_reused'
  | 'project.created'
  | 'project.updated'
  | 'project.deleted'
  | 'member.added'
  | 'member.role_changed'
  | 'member.removed'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'document.created'
  | 'document.renamed'
  | 'document.archived'
  | 'document.restored'
  | 'document.version_restored'
  | 'document.access_changed'
  | 'document.guest_invited'
  | 'document.guest_removed'
  | 'document.link_created'
  | 'document.link_revoked'
  | 'document.link_opened'
  | 'integration.created'
  | 'integration.updated'
  | 'integration.deleted'
  | 'delivery.retried'
  | 'google_calendar.linked'
  | 'google_calendar.unlinked'
  | 'admin.document_snapshot'
  | 'admin.document_evicted'
  | 'admin.backup'
  | 'admin.refused'

  | 'test_account.created'
  | 'test_account.updated'
  | 'test_account.deleted'
  | 'test_account.revealed'
  | 'test_account.rotated'
  | 'test_account.reveal_refused'

  | 'analytics.imported'
  | 'analytics.exported'

  // Uploaded files: attached to or taken off a card or a request, deleted (with where it was unlinked from).
  | 'asset.attached'
  | 'asset.detached'
  | 'asset.deleted'

  // Privacy (issue 22): a person asked for their data; a project's retention changed.
  | 'privacy.export_requested'
  // Erasure: asked for (by the person or an instance admin) and done; they name the erasure, never the person.
  | 'privacy.erasure_requested'
  | 'privacy.erased'
  | 'project.retention_updated'
  | 'project.retention_applied'
  // Knowledge documents (issue 16): uploaded, renamed, deleted.
  | 'knowledge.uploaded'
  | 'knowledge.renamed'
  | 'knowledge.deleted'

  // Billing: invoices (issue 18).
  | 'billing.account_updated'
  | 'invoice.created'
  | 'invoice.finalized'
  | 'invoice.voided'
  | 'invoice.marked_paid'

  // --- billing (payments) ---
  | 'billing.payment_method_added'
  | 'billing.payment_method_default'
  | 'billing.payment_method_removed'
  | 'billing.payment_created'
  | 'billing.payment_updated'
  | 'billing.subscription_changed'
  | 'billing.subscription_canceled';
  // --- end billing (payments) ---

export interface AuditEntry {
  action: AuditAction;
  projectId?: string | null;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRecord {
  id: string;
  projectId: string | null;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  action: AuditAction;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

/** Written in the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    'INSERT INTO audit_log (project_id, actor_user_id, actor_api_key_id, action, target, details, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [entry.projectId ?? null, entry.actorUserId ?? null, entry.actorApiKeyId ?? null, entry.action, entry.target ?? null, JSON.stringify(entry.details ?? {}), entry.ip ?? null],
  );
}

/** Newest first; `before` is the id of the last record of the previous page. */
export async function listAudit(db: Queryable, projectId: string, options: { limit: number; before?: string | undefined }): Promise<AuditRecord[]> {
  const { rows } = await db.query<{
    id: string;
    project_id: string | null;
    actor_user_id: string | null;
    actor_api_key_id: string | null;
    action: AuditAction;
    target: string | null;
    details: Record<string, unknown>;
    ip: string | null;
    created_at: Date;
  }>(
    `SELECT id, project_id, actor_user_id, actor_api_key_id, action, target, details, ip, created_at FROM audit_log
     WHERE project_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
    [projectId, options.before ?? null, options.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    projectId: row.project_id,
    actorUserId: row.actor_user_id,
    actorApiKeyId: row.actor_api_key_id,
    action: row.action,
    target: row.target,
    details: row.details,
    ip: row.ip,
    createdAt: row.created_at,
  }));
}
