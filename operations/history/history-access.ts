import { can } from '../../identity/roles.js';
import type { Principal } from '../../identity/verifier.js';
import type { RegisteredDocument } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type DocumentTarget, registeredDocument } from '../documents/registered-document.js';
import type { Editor } from '../live-documents.js';
import { type Outcome, fail, ok } from '../outcome.js';

/** How the log and the versions name who did something: 'user:<id>' or 'key:<id>'. */
export const actorKeyOf = (principal: Principal) => (principal.type === 'user' ? `user:${principal.user.id}` : `key:${principal.apiKeyId}`);

/**
 * A live document's history, for a caller who may read it. `restore` also needs the right to
 * change anyone's entries (owners, admins, editors): a restore puts back and removes entries of
 * every author, so a commenter (who writes annotations, but only their own threads) may not.
 */
export async function historyOf(deps: OperationDeps, caller: Caller, target: DocumentTarget, need: 'read' | 'name' | 'restore'): Promise<Outcome<{ document: RegisteredDocument; editor: Editor }>> {
  const found = await registeredDocument(deps, caller, target, need === 'read' ? 'read' : 'write');
  if (!found.ok) return found;
  const document = found.value;
  if (document.archivedAt !== null && need !== 'read') return fail('CONFLICT', 'This document is archived: restore the document first.');
  const role = (await caller.roleIn(document.projectId))!;
  if (need === 'restore' && !can(role, 'documents.write')) return fail('FORBIDDEN', 'Your role in this project does not allow restoring a version.');
  return ok({ document, editor: { principal: caller.principal, role } });
}
