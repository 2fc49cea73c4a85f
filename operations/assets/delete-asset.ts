import { parseDocumentName } from '../../documents/document-name.js';
import { entryMaps } from '../../documents/entries.js';
import { removeAsset } from '../../documents/pipeline/pipeline.js';
import { ASSETS } from '../../documents/pipeline/schema.js';
import { can } from '../../identity/roles.js';
import type { Logger } from '../../platform/logger.js';
import { type PipelineAssetLink, pipelineLinksTo } from '../../storage/asset-links.js';
import { deleteAssetRow } from '../../storage/assets.js';
import type { Caller } from '../caller.js';
import { formatItemId } from '../item-id.js';
import type { Editor } from '../live-documents.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { isUploader, requireAsset } from './asset-access.js';
import type { AssetDeps } from './asset-deps.js';
import { stagingKeyOf } from './asset-keys.js';
import { uploadedAssetUrl } from './uploaded-asset-url.js';

export interface DeleteAssetInput {
  projectId: string;
  assetId: string;
  /** Delete even though pipeline items link it, unlinking it from each. Without it, a linked file is refused with where it is linked. */
  force?: boolean | undefined;
}

/**
 * Deletes an asset: its uploader (with write access) or an admin. A file that pipeline items link
 * is refused first (409 ASSET_IN_USE, with each link) unless `force`, which unlinks it from every
 * pipeline through the live documents (clients see the entries go). Then the row goes, so nothing
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
  const links = await pipelineLinksTo(deps.db, asset.projectId, uploadedAssetUrl(asset.id));
  if (links.length > 0 && !input.force) {
    return fail('ASSET_IN_USE', `This file is attached to ${links.length} pipeline item${links.length === 1 ? '' : 's'}; delete with force=true to unlink it everywhere.`, { links: links.map((link) => describeLink(asset.projectId, link)) });
  }
  const unlinked = await unlinkEverywhere(deps, { principal: caller.principal, role: access.role }, links);
  if (!unlinked.ok) return unlinked;

  const deleted = await deleteAssetRow(deps.db, asset.projectId, asset.id);
  if (!deleted) return fail('NOT_FOUND', 'No such asset.');
  const keys = [deleted.storageKey, stagingKeyOf(deleted.projectId, deleted.id), deleted.derived.thumbnailKey, deleted.derived.posterKey].filter((key): key is string => key !== undefined);
  for (const key of keys) {
    await deps.blobs.delete(key).catch((error: unknown) => deps.logger.warn({ err: error, assetId: deleted.id, key }, 'could not remove a deleted asset’s file; it is left behind'));
  }
  return ok({ id: deleted.id, deleted: true, unlinked: unlinked.value });
}

function describeLink(projectId: string, link: PipelineAssetLink): { pipelineId: string; ownerId: string; entryId: string } {
  const parsed = parseDocumentName(link.documentName);
  const pipelineId = parsed.ok ? parsed.value.id : link.documentName;
  return { pipelineId, ownerId: formatItemId({ projectId, documentId: pipelineId, entryId: link.itemId }), entryId: link.entryId };
}

/** Removes the entries, one edit per pipeline, in the deleter's name (editors may remove others' entries). */
async function unlinkEverywhere(deps: AssetDeps, editor: Editor, links: PipelineAssetLink[]): Promise<Outcome<number>> {
  const byDocument = new Map<string, string[]>();
  for (const link of links) byDocument.set(link.documentName, [...(byDocument.get(link.documentName) ?? []), link.entryId]);
  let removed = 0;
  for (const [name, entryIds] of byDocument) {
    const result = await deps.live.edit(name, editor, (doc) => {
      const present = entryMaps(doc, ASSETS);
      // An entry removed meanwhile (by someone else) is not an error: it is unlinked either way.
      const ids = entryIds.filter((id) => present.has(id));
      for (const id of ids) removeAsset(doc, id);
      return ids.length;
    });
    if (!result.ok) return result.error === 'document-too-large' ? fail('DOCUMENT_TOO_LARGE', 'A pipeline that links this file is at its size limit; nothing was deleted.') : fail('CONFLICT', `Could not unlink the file: ${result.error.message}`);
    removed += result.value;
  }
  return ok(removed);
}
