import { ITEMS, type Stage } from '../../documents/pipeline/schema.js';
import { type EntryFilter, queryEntries } from '../../storage/entry-queries.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { type Page, type PageRequest, decodeCursor, encodeCursor } from '../pages.js';
import { toItem } from '../video/pipeline-item.js';
import { type Campaign, asCampaign } from './campaign.js';
import { hiddenDocuments } from '../documents/document-access.js';

export interface CampaignQuery extends PageRequest {
  projectId?: string | undefined;
  pipelineId?: string | undefined;
  stage?: Stage | undefined;
  assignee?: string | undefined;
  /** In the title or the brief, case-insensitive. */
  text?: string | undefined;
  archived?: boolean | undefined;
}

/**
 * Campaigns across the caller's pipelines (or one project's, or one pipeline's), from the
 * per-entry projection: no document is loaded. What the server has received is committed first,
 * so a campaign written a moment ago (over REST or a socket) is listed.
 */
export async function listCampaigns(deps: OperationDeps, caller: Caller, query: CampaignQuery): Promise<Outcome<Page<Campaign>>> {
  if (query.pipelineId && !query.projectId) return fail('VALIDATION_FAILED', 'pipelineId needs projectId.', [{ path: 'projectId', message: 'required with pipelineId' }]);
  let projectIds = await caller.projectIds();
  if (query.projectId) {
    if (!projectIds.includes(query.projectId)) return fail('NOT_FOUND', 'No such project.');
    projectIds = [query.projectId];
  }
  const filters: EntryFilter[] = [
    { field: 'type', equals: 'campaign' },
    { field: 'archived', equals: query.archived ?? false },
  ];
  if (query.stage) filters.push({ field: 'stage', equals: query.stage });
  if (query.assignee) filters.push({ field: 'assigneeId', equals: query.assignee });
  if (query.text) filters.push({ anyOf: ['title', 'brief'], contains: query.text });
  const after = decodeCursor(query.cursor);
  if (after === 'invalid') return fail('VALIDATION_FAILED', 'The cursor is not one this API gave out.', [{ path: 'cursor', message: 'invalid' }]);
  await deps.live.settle();
  const page = await queryEntries(deps.db, {
    projectIds,
    excludeDocuments: await hiddenDocuments(deps, caller, projectIds),
    kind: 'pipeline',
    collection: ITEMS.name,
    ...(query.pipelineId ? { documentIds: [query.pipelineId] } : {}),
    filters,
    ...(after ? { after } : {}),
    limit: query.limit,
  });
  return ok({
    items: page.rows.map((row) => asCampaign(toItem({ projectId: row.projectId, pipelineId: row.documentId }, row))),
    next: page.next ? encodeCursor(page.next) : null,
  });
}
