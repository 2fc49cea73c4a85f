import { findKnowledgeDocument, renameKnowledgeDocument } from '../../storage/knowledge/knowledge-documents.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireKnowledgeDocument } from './knowledge-access.js';
import { auditKnowledge } from './knowledge-audit.js';
import type { KnowledgeDeps } from './knowledge-deps.js';
import { type KnowledgeDocumentView, viewOf } from './knowledge-document.js';

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
