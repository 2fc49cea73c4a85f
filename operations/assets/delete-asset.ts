import { parseDocumentName } from '../../documents/document-name.js';
import { can } from '../../identity/roles.js';
import type { Logger } from '../../platform/logger.js';
import { cardLinksTo, pipelineLinksTo, requestLinksTo } from '../../storage/asset-links.js';
import { deleteAssetRow } from '../../storage/assets.js';
import type { Caller } from '../caller.js';
import { formatItemId } from '../item-id.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { isUploader, requireAsset } from './asset-access.js';
import { auditAsset } from './asset-audit.js';
import type { AssetDeps } from './asset-deps.js';
import { stagingKeyOf } from './asset-keys.js';
import { type AssetPlaces, unlinkEverywhere } from './unlink-asset.js';
import { uploadedAssetUrl } from './uploaded-asset-url.js';

export interface DeleteAssetInput {
  projectId: string;
  assetId: string;
  /** Delete even though cards, pipeline items or requests link it, unlinking it from each. Without it, a linked file is refused with where it is linked. */
  unlink?: boolean | undefined;
}

/** One place a file is attached, as the refusal lists it (and the web client's dialog shows it). */
export type AssetLinkView =
  | { kind: 'pipeline-item'; pipelineId: string; ownerId: string; entryId: string }
  | { kind: 'card'; boardId: string; taskId: string; title: string }
  | { kind: 'request'; requestId: string; title: string };

/**
 * Deletes an asset: its uploader (with write access) or an admin. A file that Kanban cards,
 * pipeline items (campaigns, videos) or requests link is refused first (409 ASSET_IN_USE, with
 * each place) unless `unlink`, which takes it off every card and pipeline through the live
 * documents (connected clients see it go) and off every request. Then the row goes, so nothing
 * lists or signs a URL for it any more, then its files: one that cannot be removed is logged and
 * left behind rather than failing a delete that already happened.
 */
export async function deleteAsset(deps: AssetDeps & { logger: Logger }, caller: Caller, input: DeleteAssetInput): Promise<Outcome<{ id: string; deleted: true; unlinked: number }>> {
  const found = await requireAsset(deps.db, caller, input, 'assets.write');
  if (!found.ok) return found;
  const { asset, access } = found.value;
  if (!isUploader(asset, caller.principal) && !can(access.role, 'assets.manage')) return fail('FORBIDDEN', 'Only whoever uploaded a file, or an admin, may delete it.');

  // What this process has received is committed first, so the projection shows every link made so far.
  await deps.live.settle();
  const url = uploadedAssetUrl(asset.id);
  const places: AssetPlaces = {
    pipelines: await pipelineLinksTo(deps.db, asset.projectId, url),
    cards: await cardLinksTo(deps.db, asset.projectId, url),
    requests: await requestLinksTo(deps.db, asset.projectId, asset.id),
  };
  const links = describePlaces(asset.projectId, places);
  if (links.length > 0 && !input.unlink) {
    return fail('ASSET_IN_USE', `This file is attached to ${links.length} place${links.length === 1 ? '' : 's'}; delete with unlink=true to take it off everywhere.`, { links });
  }
  const unlinked = await unlinkEverywhere(deps, { principal: caller.principal, role: access.role }, asset, places);
  if (!unlinked.ok) return unlinked;

  const deleted = await deps.db.transaction(async (tx) => {
    const row = await deleteAssetRow(tx, asset.projectId, asset.id);
    if (row) await auditAsset(tx, caller, { action: 'asset.deleted', projectId: asset.projectId, assetId: asset.id, details: { name: asset.name, unlinked: unlinked.value, links } });
    return row;
  });
  if (!deleted) return fail('NOT_FOUND', 'No such asset.');
  const keys = [deleted.storageKey, stagingKeyOf(deleted.projectId, deleted.id), deleted.derived.thumbnailKey, deleted.derived.posterKey].filter((key): key is string => key !== undefined);
  for (const key of keys) {
    await deps.blobs.delete(key).catch((error: unknown) => deps.logger.warn({ err: error, assetId: deleted.id, key }, 'could not remove a deleted asset’s file; it is left behind'));
  }
  return ok({ id: deleted.id, deleted: true, unlinked: unlinked.value });
}

function describePlaces(projectId: string, places: AssetPlaces): AssetLinkView[] {
  const idOf = (documentName: string) => {
    const parsed = parseDocumentName(documentName);
    return parsed.ok ? parsed.value.id : documentName;
  };
  return [
    ...places.pipelines.map((link): AssetLinkView => {
      const pipelineId = idOf(link.documentName);
      return { kind: 'pipeline-item', pipelineId, ownerId: formatItemId({ projectId, documentId: pipelineId, entryId: link.itemId }), entryId: link.entryId };
    }),
    ...places.cards.map((link): AssetLinkView => {
      const boardId = idOf(link.documentName);
      return { kind: 'card', boardId, taskId: formatItemId({ projectId, documentId: boardId, entryId: link.cardId }), title: link.title };
    }),
    ...places.requests.map((link): AssetLinkView => ({ kind: 'request', requestId: link.requestId, title: link.title })),
  ];
}
