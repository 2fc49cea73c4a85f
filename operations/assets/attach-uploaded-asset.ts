import type { AssetEntry } from '../../documents/pipeline/schema.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { parseItemId } from '../item-id.js';
import { type Outcome, fail } from '../outcome.js';
import { type Asset, addItemAsset } from '../video/assets.js';
import type { ItemType } from '../video/pipeline-item.js';
import { requireAsset } from './asset-access.js';
import { kindOf } from './asset-types.js';
import { hasVerifiedFile } from './asset.js';
import { uploadedAssetUrl } from './uploaded-asset-url.js';

export interface AttachUploadInput {
  uploadedAssetId: string;
  /** Shown on the item; the file's own name when absent. */
  name?: string | undefined;
  assetId?: string | undefined;
}

/**
 * Attaches an uploaded file of the same project to a campaign or a video: the item's asset entry
 * points to it (`asset:<id>`) with a kind from its verified type, so a stage requirement such as
 * "an uploaded video to review" counts it. The file must be readable by the caller and verified;
 * a file of another project is unknown here (422, since it is a reference in the body).
 */
export async function attachUploadedAsset(deps: OperationDeps, caller: Caller, itemId: string, type: ItemType, input: AttachUploadInput): Promise<Outcome<Asset>> {
  const address = parseItemId(itemId);
  // Not an item id at all: the same answer the item's own check gives.
  if (!address) return fail('NOT_FOUND', `No such ${type}.`);
  const found = await requireAsset(deps.db, caller, { projectId: address.projectId, assetId: input.uploadedAssetId }, 'assets.read');
  if (!found.ok) {
    return found.error.code === 'NOT_FOUND' && (await caller.roleIn(address.projectId)) !== null
      ? fail('VALIDATION_FAILED', 'No such uploaded file in this project.', [{ path: 'uploadedAssetId', message: 'no such uploaded file in this project' }])
      : found;
  }
  const { asset } = found.value;
  if (!hasVerifiedFile(asset) || asset.status === 'failed') return fail('ASSET_NOT_READY', `The uploaded file is ${asset.status}: only verified files can be attached.`);
  const kind: AssetEntry['kind'] = kindOf(asset.detectedType ?? '') ?? 'document';
  return addItemAsset(deps, caller, itemId, type, { kind, name: (input.name ?? asset.name).slice(0, 300), url: uploadedAssetUrl(asset.id), assetId: input.assetId });
}
