import { ITEMS, type ItemEntry, type Stage } from '../../documents/pipeline/schema.js';
import { can } from '../../identity/roles.js';
import { type EntryFilter, queryEntries } from '../../storage/entry-queries.js';
import { readAggregates } from '../../storage/vote-aggregates.js';
import { votesOfUser } from '../../storage/votes.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { formatItemId } from '../item-id.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type Page, type PageRequest, decodeCursor, encodeCursor } from '../pages.js';
import { presentAggregate, presentVote } from './present.js';
import { type Aggregate, type Vote, type VoteItemType, itemScopeKey } from './vote.js';
import { voterOf } from './vote-target.js';
import { hiddenDocuments } from '../documents/document-access.js';

export interface VoteItemsQuery extends PageRequest {
  projectId: string;
  pipelineId?: string | undefined;
  itemType?: VoteItemType | undefined;
}

/** A votable item with its live aggregate and the caller's own vote. */
export interface VoteItem {
  itemId: string;
  itemType: VoteItemType;
  projectId: string;
  pipelineId: string;
  /** The entry's id in the pipeline (a script's is its video's). */
  entryId: string;
  title: string;
  stage: Stage;
  /** The campaign entry a video (or its script) belongs to. */
  campaignId: string | null;
  /** A script's document or link. */
  scriptDocument: string | null;
  aggregate: Aggregate;
  myVote: Vote | null;
}

/** The votable sides of a pipeline entry: a campaign; a video and, when it links one, its script. */
function sidesOf(entry: ItemEntry, only: VoteItemType | undefined): VoteItemType[] {
  const sides: VoteItemType[] = entry.type === 'campaign' ? ['campaign'] : entry.scriptDocument !== null ? ['video', 'script'] : ['video'];
  return only ? sides.filter((side) => side === only) : sides;
}

/**
 * A project's votable items (of one pipeline, of one type) with their aggregates, paged over the
 * pipeline entries of the per-entry projection (no document loaded): `limit` counts entries, so a
 * page holds up to twice as many items when videos link scripts.
 */
export async function listVoteItems(deps: OperationDeps, caller: Caller, query: VoteItemsQuery): Promise<Outcome<Page<VoteItem>>> {
  if (!can(await caller.roleIn(query.projectId), 'documents.read')) return fail('NOT_FOUND', 'No such project.');
  const after = decodeCursor(query.cursor);
  if (after === 'invalid') return fail('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [{ path: 'cursor', message: 'invalid' }]);
  const filters: EntryFilter[] = [{ field: 'archived', equals: false }];
  if (query.itemType) filters.push({ field: 'type', equals: query.itemType === 'campaign' ? 'campaign' : 'video' });
  await deps.live.settle();
  const page = await queryEntries(deps.db, {
    projectIds: [query.projectId],
    excludeDocuments: await hiddenDocuments(deps, caller, [query.projectId]),
    kind: 'pipeline',
    collection: ITEMS.name,
    ...(query.pipelineId ? { documentIds: [query.pipelineId] } : {}),
    filters,
    ...(after ? { after } : {}),
    limit: query.limit,
  });
  const sides = page.rows.flatMap((row) => sidesOf(row.data as ItemEntry, query.itemType).map((itemType) => ({ row, entry: row.data as ItemEntry, itemType })));
  const keyOf = (side: (typeof sides)[number]) => itemScopeKey({ pipelineId: side.row.documentId, entryId: side.row.entryId, itemType: side.itemType });
  const aggregates = new Map((await readAggregates(deps.db, query.projectId, 'item', sides.map(keyOf))).map((row) => [row.key, row]));
  const mine = new Map(
    (await votesOfUser(deps.db, query.projectId, voterOf(caller.principal), page.rows.map((row) => ({ documentId: row.documentId, entryId: row.entryId })))).map((vote) => [
      itemScopeKey({ pipelineId: vote.documentId, entryId: vote.entryId, itemType: vote.itemType as VoteItemType }),
      vote,
    ]),
  );
  return ok({
    items: sides.map((side) => {
      const mineHere = mine.get(keyOf(side));
      return {
        itemId: formatItemId({ projectId: query.projectId, documentId: side.row.documentId, entryId: side.row.entryId }),
        itemType: side.itemType,
        projectId: query.projectId,
        pipelineId: side.row.documentId,
        entryId: side.row.entryId,
        title: side.entry.title,
        stage: side.entry.stage,
        campaignId: side.entry.type === 'video' ? side.entry.campaignId : null,
        scriptDocument: side.entry.type === 'video' ? side.entry.scriptDocument : null,
        aggregate: presentAggregate(aggregates.get(keyOf(side))),
        myVote: mineHere ? presentVote(mineHere) : null,
      };
    }),
    next: page.next ? encodeCursor(page.next) : null,
  });
}
