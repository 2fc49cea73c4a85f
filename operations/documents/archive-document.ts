import type { RegisteredDocument } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import type { AuditOrigin } from '../projects/audit-actor.js';
import { changeArchiveState } from './archive-state.js';
import type { DocumentTarget } from './registered-document.js';

/** Archives a document: it leaves the list, its open connections close, its content is kept. Again is a no-op. */
export function archiveDocument(deps: OperationDeps, caller: Caller, input: DocumentTarget & AuditOrigin): Promise<Outcome<RegisteredDocument>> {
  return changeArchiveState(deps, caller, input, true);
}
