import { recordAudit } from '../../identity/audit.js';
import type { Queryable } from '../../platform/db/database.js';
import type { DocumentHost, LoadedDocument } from './document-host.js';

/** Who is acting, for the audit log. */
export interface AdminActor {
  userId: string;
  ip: string | null;
}

export function listLoadedDocuments(host: DocumentHost): LoadedDocument[] {
  return host.loaded();
}

/** Folds a document's log into its snapshot now; audited whatever the outcome. */
export async function snapshotDocument(db: Queryable, host: DocumentHost, actor: AdminActor, name: string): Promise<{ compacted: boolean }> {
  const compacted = await host.snapshot(name);
  await recordAudit(db, { action: 'admin.document_snapshot', actorUserId: actor.userId, target: name, details: { compacted }, ip: actor.ip });
  return { compacted };
}

/** Unloads a document from this process (its clients reconnect and load it afresh); audited. */
export async function evictDocument(db: Queryable, host: DocumentHost, actor: AdminActor, name: string): Promise<{ evicted: boolean }> {
  const evicted = await host.evict(name);
  await recordAudit(db, { action: 'admin.document_evicted', actorUserId: actor.userId, target: name, details: { evicted }, ip: actor.ip });
  return { evicted };
}
