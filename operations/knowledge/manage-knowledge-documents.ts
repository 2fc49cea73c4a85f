import { can } from '../../identity/roles.js';
import { deleteKnowledgeDocumentRow, knowledgeDocumentContent, listKnowledgeDocuments, renameKnowledgeDocument } from '../../storage/knowledge/knowledge-documents.js';
import { findKnowledgeDocument } from '../../storage/knowledge/knowledge-documents.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { requireKnowledgeDocument } from './knowledge-access.js';
import { auditKnowledge } from './knowledge-audit.js';
import type { KnowledgeDeps } from './knowledge-deps.js';
import { type KnowledgeDocumentView, viewOf } from './knowledge-document.js';

/** A page of the project's knowledge documents, newest first (any member). */
export async function listKnowledge(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; limit: number; offset: number }): Promise<Outcome<{ documents: KnowledgeDocumentView[]; total: number }>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.read');
  if (!access.ok) return access;
  const { documents, total } = await listKnowledgeDocuments(deps.db, access.value.projectId, input);
  return ok({ documents: documents.map(viewOf), total });
}

/** One document with its status; with `content`, its extracted text too (the reader). */
export async function getKnowledge(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId: string; content: boolean }): Promise<Outcome<KnowledgeDocumentView & { content?: string | null }>> {
  const found = await requireKnowledgeDocument(deps.db, caller, input, 'assets.read');
  if (!found.ok) return found;
  const view = viewOf(found.value.document);
  return ok(input.content ? { ...view, content: await knowledgeDocumentContent(deps.db, view.projectId, view.id) } : view);
}

/** Renames a document (editors and up). */
export async function renameKnowledge(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId: string; title: string }): Promise<Outcome<KnowledgeDocumentView>> {
  const found = await requireKnowledgeDocument(deps.db, caller, input, 'assets.write');
  if (!found.ok) return found;
  const { document } = found.value;
  await deps.db.transaction(async (tx) => {
    await renameKnowledgeDocument(tx, document.projectId, document.id, input.title);
    await auditKnowledge(tx, caller, { action: 'knowledge.renamed', projectId: document.projectId, documentId: document.id, details: { from: document.title, to: input.title } });
  });
  const renamed = await findKnowledgeDocument(deps.db, document.projectId, document.id);
  return renamed ? ok(viewOf(renamed)) : fail('NOT_FOUND', 'No such knowledge document.');
}

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
