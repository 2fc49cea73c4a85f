import type { Caller } from '../caller.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { callerKey, requireKnowledgeDocument } from './knowledge-access.js';
import type { KnowledgeDeps } from './knowledge-deps.js';

/** Which conversation a request means: the caller's, in a project they read, about a document of it (or none). */
export async function conversationKey(deps: KnowledgeDeps, caller: Caller, input: { projectId: string; documentId?: string | undefined }): Promise<Outcome<{ projectId: string; caller: string; documentId: string | null }>> {
  const access = await requireProjectRole(caller, input.projectId, 'assets.read');
  if (!access.ok) return access;
  let documentId: string | null = null;
  if (input.documentId !== undefined) {
    const found = await requireKnowledgeDocument(deps.db, caller, { projectId: access.value.projectId, documentId: input.documentId }, 'assets.read');
    if (!found.ok) return found;
    documentId = found.value.document.id;
  }
  return ok({ projectId: access.value.projectId, caller: callerKey(caller), documentId });
}
