import { entryMaps } from '../../documents/entries.js';
import { ITEMS, type ItemEntry } from '../../documents/pipeline/schema.js';
import { projectEntry } from '../../documents/projection.js';
import { can } from '../../identity/roles.js';
import type { Principal } from '../../identity/verifier.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { documentFor } from '../documents/document-access.js';
import { formatItemId, parseItemId } from '../item-id.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { pipelineName } from '../video/pipeline-item.js';
import { type VoteItemKey, type VoteItemType, itemScopeKey } from './vote.js';

/** An item someone may vote on (or read the votes of), as it is in its live pipeline now. */
export interface VoteTarget extends VoteItemKey {
  /** The item's REST id. */
  itemId: string;
  /** Its row in the aggregates. */
  itemKey: string;
  /** The campaign (its entry id) a vote on it counts in: a campaign itself, a video's campaign, or none. */
  campaignEntryId: string | null;
  /** The person the vote is in the name of: the caller, or the person an API key acts for. */
  voterId: string;
}

export interface VoteItemInput {
  /** `<projectId>.<pipelineId>.<entryId>`, as the campaign and video routes give out. */
  itemId: string;
  /** A video's entry names two votable items: the video (the default) and its script. */
  itemType?: VoteItemType | undefined;
  /** When given, the item must be of this project (a dashboard scoped to one project). */
  projectId?: string | undefined;
}

/** Whose vote a caller casts: their own, or for an API key the person it acts for. */
export const voterOf = (principal: Principal): string => (principal.type === 'user' ? principal.user.id : principal.createdBy);

/** Which votable side of a pipeline entry `itemType` names, or null when the entry has no such side. */
function sideOf(entry: ItemEntry, itemType: VoteItemType | undefined): VoteItemType | null {
  if (itemType === undefined) return entry.type;
  if (itemType === 'script') return entry.type === 'video' && entry.scriptDocument !== null ? 'script' : null;
  return itemType === entry.type ? itemType : null;
}

/**
 * The item an id names, if it exists in its project's live pipeline now and is not archived, and
 * the caller may `need` it. Someone else's project, another project's item, an unknown or archived
 * item, and a video's script when it has none are all simply not found; a member whose role may
 * not vote is refused a vote (403).
 */
export async function voteTarget(deps: OperationDeps, caller: Caller, input: VoteItemInput, need: 'read' | 'vote'): Promise<Outcome<VoteTarget>> {
  const address = parseItemId(input.itemId);
  if (!address || (input.projectId !== undefined && input.projectId !== address.projectId)) return fail('NOT_FOUND', 'No such item in this project.');
  const access = await documentFor(deps, caller, { projectId: address.projectId, documentId: address.documentId, kind: 'pipeline' }, 'read');
  if (!access.ok) return access;
  if (need === 'vote' && !can(access.value.role, 'votes.cast')) return fail('FORBIDDEN', 'Your role in this project does not allow voting (commenters and above vote; viewers see the results).');
  const entry = await deps.live.read(pipelineName(address.projectId, address.documentId), (doc) => projectEntry(ITEMS, entryMaps(doc, ITEMS).get(address.entryId)) as ItemEntry | null);
  const itemType = entry && !entry.archived ? sideOf(entry, input.itemType) : null;
  if (!entry || !itemType) return fail('NOT_FOUND', `No such ${input.itemType ?? 'item'} in this pipeline.`);
  const key = { pipelineId: address.documentId, entryId: address.entryId, itemType };
  const campaignEntryId = entry.type === 'campaign' ? entry.id : entry.campaignId;
  return ok({
    projectId: address.projectId,
    ...key,
    itemId: formatItemId(address),
    itemKey: itemScopeKey(key),
    campaignEntryId: campaignEntryId ?? null,
    voterId: voterOf(caller.principal),
  });
}
