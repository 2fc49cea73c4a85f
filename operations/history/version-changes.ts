import { actorNames } from '../../storage/actor-names.js';
import { eventsBetween } from '../../storage/change-feed.js';
import { getVersion } from '../../storage/document-versions.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import type { DocumentTarget } from '../documents/registered-document.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { historyOf } from './history-access.js';

export interface VersionChange {
  type: string;
  entryId: string;
  actor: string;
  actorName: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** The most changes one answer lists; `truncated` says when there were more. */
const MAX_CHANGES = 500;

/**
 * Who changed what, per entry, between two versions of a document (from `since`, or from the
 * document's beginning, up to `versionId`), read from the change feed's events: the semantic
 * ones (a card moved, an event rescheduled), in the order they were committed.
 */
export async function versionChanges(deps: OperationDeps, caller: Caller, input: DocumentTarget & { versionId: string; since?: string | undefined }): Promise<Outcome<{ changes: VersionChange[]; truncated: boolean }>> {
  const access = await historyOf(deps, caller, input, 'read');
  if (!access.ok) return access;
  const name = access.value.document.name;
  const until = await getVersion(deps.db, name, input.versionId);
  if (!until) return fail('NOT_FOUND', 'No such version of this document.');
  const since = input.since ? await getVersion(deps.db, name, input.since) : null;
  if (input.since && !since) return fail('NOT_FOUND', 'No such version to compare with.');
  const [after, upTo] = since && since.createdAt > until.createdAt ? [until.createdAt, since.createdAt] : [since?.createdAt ?? null, until.createdAt];
  const events = await eventsBetween(deps.db, name, { after, until: upTo, limit: MAX_CHANGES + 1 });
  const names = await actorNames(deps.db, events.map((event) => event.actor));
  const changes = events.slice(0, MAX_CHANGES).map((event) => ({ type: event.type, entryId: event.entryId, actor: event.actor, actorName: names.get(event.actor) ?? 'Someone', data: event.data, occurredAt: event.occurredAt }));
  return ok({ changes, truncated: events.length > MAX_CHANGES });
}
