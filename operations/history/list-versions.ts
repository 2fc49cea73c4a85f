import { type VersionSummary, listVersions as readVersions } from '../../storage/document-versions.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { DocumentTarget } from '../documents/registered-document.js';
import { type Outcome, ok } from '../outcome.js';
import { historyOf } from './history-access.js';

/** A document's versions, newest first; `before` pages on (the seq of the last one seen). */
export async function listVersions(deps: OperationDeps, caller: Caller, input: DocumentTarget & { limit: number; before?: string | undefined }): Promise<Outcome<{ versions: VersionSummary[]; next: string | null }>> {
  const access = await historyOf(deps, caller, input, 'read');
  if (!access.ok) return access;
  const versions = await readVersions(deps.db, access.value.document.name, { limit: input.limit + 1, before: input.before });
  const page = versions.slice(0, input.limit);
  return ok({ versions: page, next: versions.length > input.limit ? page.at(-1)!.seq : null });
}
