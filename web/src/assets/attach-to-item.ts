import { RequestFailed, api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import type { AssetView } from './types.js';

/** How the REST API names a pipeline item: `<projectId>.<pipelineId>.<itemId>` (operations/item-id.ts). */
export function itemRestId(projectId: string, pipelineId: string, itemId: string): string {
  return `${projectId}.${pipelineId}.${itemId}`;
}

/** What an `asset:<id>` entry points to (operations/assets/uploaded-asset-url.ts), or null for a link. */
export function uploadedAssetIdOf(url: string): string | null {
  const id = url.startsWith('asset:') ? url.slice('asset:'.length) : '';
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : null;
}

/**
 * Attaches an uploaded file to a pipeline item through the API, which adds the item's asset entry
 * with a kind from the file's verified type (a video counts as the cut to review); the board sees
 * the entry arrive like any other edit. A refusal says the file is kept among the project's assets.
 */
export async function attachToItem(where: { projectId: string; pipelineId: string; item: { id: string; type: 'video' | 'campaign' } }, asset: AssetView): Promise<void> {
  const id = encodeURIComponent(itemRestId(where.projectId, where.pipelineId, where.item.id));
  const collection = where.item.type === 'video' ? 'video' : 'campaigns';
  try {
    await api('POST', `/api/${collection}/${id}/assets`, { uploadedAssetId: asset.id });
  } catch (failure) {
    const status = failure instanceof RequestFailed ? failure.status : 0;
    throw new RequestFailed(status, 'NOT_ATTACHED', `“${asset.name}” was uploaded but not attached to this item: ${failureText(failure)} It is kept in the project’s assets.`);
  }
}
