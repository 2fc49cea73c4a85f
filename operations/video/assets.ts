import { randomUUID } from 'node:crypto';
import { addAsset } from '../../documents/pipeline/pipeline.js';
import { ASSETS, type AssetEntry } from '../../documents/pipeline/schema.js';
import { entryEtag } from '../../documents/projection.js';
import { publicIdOf } from '../../identity/public-id.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { currentEntry, editOutcome } from '../entry-edit.js';
import { formatItemId } from '../item-id.js';
import { uploadedAssetIdOf } from '../assets/uploaded-asset-url.js';
import { type Outcome, ok } from '../outcome.js';
import { type ItemType, type Where, currentItem, itemTarget } from './pipeline-item.js';

/** An asset as the REST API shows it: `itemId` is its item's entry id (as in the model), `ownerId` that item's full id. */
export type Asset = Omit<AssetEntry, 'id'> & {
  /** `<projectId>.<pipelineId>.<assetId>` */
  id: string;
  assetId: string;
  ownerId: string;
  ownerType: ItemType;
  etag: string;
  /** The uploaded file this entry points to (GET /api/projects/:projectId/assets/:id), or null for a URL. */
  uploadedAssetId: string | null;
};

export function toAsset(where: Where, ownerType: ItemType, asset: AssetEntry): Asset {
  const { id: assetId, ...fields } = asset;
  const at = (entryId: string) => formatItemId({ projectId: where.projectId, documentId: where.pipelineId, entryId });
  return { ...fields, id: at(assetId), assetId, ownerId: at(asset.itemId), ownerType, etag: entryEtag(asset), uploadedAssetId: uploadedAssetIdOf(asset.url) };
}

export interface NewAsset {
  kind: AssetEntry['kind'];
  name: string;
  url: string;
  /** Chosen by the caller to make a retry safe; a UUID when absent. */
  assetId?: string | undefined;
}

/** Adds an asset (a reference link, a cut…) to a campaign or a video, in the caller's name. */
export async function addItemAsset(deps: OperationDeps, caller: Caller, id: string, type: ItemType, input: NewAsset): Promise<Outcome<Asset>> {
  const target = await itemTarget(deps, caller, id, type, 'write');
  if (!target.ok) return target;
  const { entryId, name, editor } = target.value;
  const assetId = input.assetId ?? randomUUID();
  const result = await deps.live.edit(name, editor, (doc) => {
    currentItem(doc, type, entryId);
    addAsset(doc, { id: assetId, itemId: entryId, kind: input.kind, name: input.name, url: input.url, addedBy: publicIdOf(caller.principal), addedAt: new Date().toISOString() });
    return currentEntry(doc, ASSETS, 'asset', assetId);
  });
  const outcome = editOutcome(result);
  return outcome.ok ? ok(toAsset(target.value, type, outcome.value.data as AssetEntry)) : outcome;
}
