import type { DocumentKind } from '../../documents/document-name.js';
import { type RegisteredDocument, listDocuments as readDocuments } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, ok } from '../outcome.js';
import { requireProjectRole } from '../projects/require-project-role.js';
import { hiddenDocuments } from './document-access.js';

export interface ListDocumentsInput {
  projectId: string;
  /** Absent: every kind. */
  kind?: DocumentKind | undefined;
  /** The archived documents instead of the open ones. */
  archived: boolean;
  limit: number;
  offset: number;
}

/** A page of a project's documents, newest first, with how many match in all. */
export async function listDocuments(deps: OperationDeps, caller: Caller, input: ListDocumentsInput): Promise<Outcome<{ documents: RegisteredDocument[]; total: number }>> {
  const access = await requireProjectRole(caller, input.projectId, 'documents.read');
  if (!access.ok) return access;
  const { kind, archived, limit, offset } = input;
  const hidden = await hiddenDocuments(deps, caller, [access.value.projectId]);
  return ok(await readDocuments(deps.db, access.value.projectId, { ...(kind ? { kind } : {}), archived, limit, offset, hidden }));
}
