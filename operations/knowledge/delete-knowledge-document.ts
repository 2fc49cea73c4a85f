import { can } from '../../identity/roles.js';
import { deleteKnowledgeDocumentRow } from '../../storage/knowledge/knowledge-documents.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireKnowledgeDocument } from './knowledge-access.js';
import { auditKnowledge } from './knowledge-audit.js';
import type { KnowledgeDeps } from './knowledge-deps.js';

/** Deletes a document, its chunks and its file: its uploader (an editor or up), or an admin, as for assets. */
export async function deleteKnowledge(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId: string }): Promise<Outcome<{ id: string; deleted: true }>> {
  const found = await requireKnowledgeDocument(deps.db, caller, input, 'assets.write');
  if (!found.ok) return found;
  const { document, access } = found.value;
  const principal = caller.principal;
  const isUploader = principal.type === 'user' ? document.uploaderUserId === principal.user.id : document.uploaderApiKeyId === principal.apiKeyId;
  if (!isUploader && !can(access.role, 'assets.manage')) return fail('FORBIDDEN', 'Only whoever uploaded a document, or an admin, may delete it.');
  const deleted = await deps.db.transaction(async (tx) => {
    const row = await deleteKnowledgeDocumentRow(tx, document.projectId, document.id);
    if (row) await auditKnowledge(tx, caller, { action: 'knowledge.deleted', projectId: document.projectId, documentId: document.id, details: { title: document.title, fileName: document.fileName } });
    return row;
  });
  if (!deleted) return fail('NOT_FOUND', 'No such knowledge document.');
  if (deleted.storageKey) {
    const key = deleted.storageKey;
    await deps.blobs.delete(key).catch((error: unknown) => deps.logger.warn({ err: error, documentId: document.id, key }, 'could not remove a deleted knowledge document’s file; it is left behind'));
  }
  return ok({ id: document.id, deleted: true });
}
