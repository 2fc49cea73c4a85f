import { knowledgeDocumentContent } from '../../storage/knowledge/knowledge-documents.js';
import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireKnowledgeDocument } from './knowledge-access.js';
import type { KnowledgeDeps } from './knowledge-deps.js';
import { type KnowledgeDocumentView, viewOf } from './knowledge-document.js';

/** One document with its status; with `content`, its extracted text too (the reader). */
export async function getKnowledge(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId: string; content: boolean }): Promise<Outcome<KnowledgeDocumentView & { content?: string | null }>> {
  const found = await requireKnowledgeDocument(deps.db, caller, input, 'assets.read');
  if (!found.ok) return found;
  const view = viewOf(found.value.document);
  return ok(input.content ? { ...view, content: await knowledgeDocumentContent(deps.db, view.projectId, view.id) } : view);
}
