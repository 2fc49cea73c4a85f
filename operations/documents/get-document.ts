import type { RegisteredDocument } from '../../storage/document-registry.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { Outcome } from '../outcome.js';
import { type DocumentTarget, registeredDocument } from './registered-document.js';

/** One document of the registry, archived or not. */
export function getDocument(deps: OperationDeps, caller: Caller, target: DocumentTarget): Promise<Outcome<RegisteredDocument>> {
  return registeredDocument(deps, caller, target, 'read');
}
