import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { listKnowledgeDocuments } from '../../storage/knowledge/knowledge-documents.js';
import type { KnowledgeDeps } from './knowledge-deps.js';
import { type KnowledgeDocumentView, viewOf } from './knowledge-document.js';

/** A page of the project's knowledge documents, newest first (any member). */
export async function listKnowledge(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; limit: number; offset: number }): Promise<Outcome<{ documents: KnowledgeDocumentView[]; total: number }>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.read');
  if (!access.ok) return access;
  const { documents, total } = await listKnowledgeDocuments(deps.db, access.value.projectId, input);
  return ok({ documents: documents.map(viewOf), total });
}
