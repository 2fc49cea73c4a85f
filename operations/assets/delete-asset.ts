import { can } from '../../identity/roles.js';
import type { Logger } from '../../platform/logger.js';
import { deleteAssetRow } from '../../storage/assets.js';
import type { Caller } from '../caller.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { isUploader, requireAsset } from './asset-access.js';
import type { AssetDeps } from './asset-deps.js';
import { stagingKeyOf } from './asset-keys.js';

/**
 * Deletes an asset: its uploader (with write access) or an admin. The row goes first, so nothing
 * lists or signs a URL for it any more; then its files. A file that cannot be removed is logged
 * and left behind rather than failing a delete that already happened.
 */
export async function deleteAsset(deps: AssetDeps & { logger: Logger }, caller: Caller, input: { projectId: string; assetId: string }): Promise<Outcome<{ id: string; deleted: true }>> {
  const found = await requireAsset(deps.db, caller, input, 'assets.write');
  if (!found.ok) return found;
  const { asset, access } = found.value;
  if (!isUploader(asset, caller.principal) && !can(access.role, 'assets.manage')) return fail('FORBIDDEN', 'Only whoever uploaded a file, or an admin, may delete it.');
  const deleted = await deleteAssetRow(deps.db, asset.projectId, asset.id);
  if (!deleted) return fail('NOT_FOUND', 'No such asset.');
  const keys = [deleted.storageKey, stagingKeyOf(deleted.projectId, deleted.id), deleted.derived.thumbnailKey, deleted.derived.posterKey].filter((key): key is string => key !== undefined);
  for (const key of keys) {
    await deps.blobs.delete(key).catch((error: unknown) => deps.logger.warn({ err: error, assetId: deleted.id, key }, 'could not remove a deleted asset’s file; it is left behind'));
  }
  return ok({ id: deleted.id, deleted: true });
}
