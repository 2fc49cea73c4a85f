import type { StoredAsset } from '../../storage/assets.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { requireAsset } from './asset-access.js';
import { hasVerifiedFile } from './asset.js';

/**
 * The uploaded file a card or a request is to carry: of the same project, readable by the caller,
 * and verified. The id comes in a body, so an unknown one (or another project's, which is the same
 * to this caller) is a 422 naming the field, not a 404 of the URL's card or request.
 */
export async function attachableAsset(deps: Pick<OperationDeps, 'db'>, caller: Caller, projectId: string, uploadedAssetId: string): Promise<Outcome<StoredAsset>> {
  const found = await requireAsset(deps.db, caller, { projectId, assetId: uploadedAssetId }, 'assets.read');
  if (!found.ok) {
    return found.error.code === 'NOT_FOUND'
      ? fail('VALIDATION_FAILED', 'No such uploaded file in this project.', [{ path: 'uploadedAssetId', message: 'no such uploaded file in this project' }])
      : found;
  }
  const { asset } = found.value;
  if (!hasVerifiedFile(asset) || asset.status === 'failed') return fail('ASSET_NOT_READY', `The uploaded file is ${asset.status}: only verified files can be attached.`);
  return ok(asset);
}
