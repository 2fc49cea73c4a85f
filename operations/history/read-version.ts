import * as Y from 'yjs';
import { modelFor } from '../../documents/models.js';
import { type VersionSummary, getVersion } from '../../storage/document-versions.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { DocumentTarget } from '../documents/registered-document.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { historyOf } from './history-access.js';

/** A past version as the model reads it (the same JSON a live document reads as). */
export async function readVersion(deps: OperationDeps, caller: Caller, input: DocumentTarget & { versionId: string }): Promise<Outcome<{ version: VersionSummary; content: unknown }>> {
  const access = await historyOf(deps, caller, input, 'read');
  if (!access.ok) return access;
  const { document } = access.value;
  const version = await getVersion(deps.db, document.name, input.versionId);
  if (!version) return fail('NOT_FOUND', 'No such version of this document.');
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, version.state);
    const { state: _state, ...summary } = version;
    return ok({ version: summary, content: modelFor(document.kind).read(doc) });
  } finally {
    doc.destroy();
  }
}
