import type { VersionSummary } from '../../storage/document-versions.js';
import { saveVersion } from '../../storage/version-states.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { DocumentTarget } from '../documents/registered-document.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { actorKeyOf, historyOf } from './history-access.js';

/** Saves the document as it is now (everything received so far, committed first) under a name people chose. */
export async function nameVersion(deps: OperationDeps, caller: Caller, input: DocumentTarget & { label: string }): Promise<Outcome<VersionSummary>> {
  const access = await historyOf(deps, caller, input, 'name');
  if (!access.ok) return access;
  await deps.live.settle();
  const saved = await saveVersion(deps.db, access.value.document.name, { kind: 'named', label: input.label, createdBy: actorKeyOf(caller.principal) });
  return saved ? ok(saved) : fail('DOCUMENT_RESET', 'The document was reset (an account erasure) just now; nothing was saved. Try again.');
}
