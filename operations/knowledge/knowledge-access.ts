import { normalizedUuid } from '../../identity/projects.js';
import type { ProjectAction } from '../../identity/roles.js';
import type { Queryable } from '../../platform/db/database.js';
import { type StoredKnowledgeDocument, findKnowledgeDocument } from '../../storage/knowledge/knowledge-documents.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type ProjectAccess, requireProjectRole } from '../projects/require-project-role.js';

/** One knowledge document of a project the caller may act on: another project's id, or an unknown one, is the same 404. */
export async function requireKnowledgeDocument(db: Queryable, caller: Caller, input: { projectId: string; documentId: string }, need: ProjectAction): Promise<Outcome<{ access: ProjectAccess; document: StoredKnowledgeDocument }>> {
  const access = await requireProjectRole(caller, input.projectId, need);
  if (!access.ok) return access;
  const id = normalizedUuid(input.documentId);
  const document = id ? await findKnowledgeDocument(db, access.value.projectId, id) : null;
  if (!document) return fail('NOT_FOUND', 'No such knowledge document.');
  return ok({ access: access.value, document });
}

/** 'user:<id>' or 'key:<id>': whose conversations these are. */
export function callerKey(caller: Caller): string {
  return caller.principal.type === 'user' ? `user:${caller.principal.user.id}` : `key:${caller.principal.apiKeyId}`;
}
