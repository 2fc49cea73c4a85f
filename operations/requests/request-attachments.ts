import { normalizedUuid } from '../../identity/projects.js';
import { countRequestAttachments, deleteRequestAttachment, insertRequestAttachment, requestAttachmentIds } from '../../storage/asset-links.js';
import { findAssets } from '../../storage/assets.js';
import { auditAsset } from '../assets/asset-audit.js';
import { type AssetView, toAssetView } from '../assets/asset.js';
import { attachableAsset } from '../assets/attachable-asset.js';
import type { Caller } from '../caller.js';
import type { OperationDeps } from '../dependencies.js';
import { type Outcome, fail, ok } from '../outcome.js';
import { actorOf } from './request.js';
import { requestFor } from './request-access.js';

/** How many uploaded files one request may carry. */
export const MAX_REQUEST_FILES = 20;

/** The files attached to a request, oldest attachment first (any member who may read files). */
export async function listRequestFiles(deps: Pick<OperationDeps, 'db'>, caller: Caller, requestId: string): Promise<Outcome<AssetView[]>> {
  const access = await requestFor(deps.db, caller, requestId, 'assets.read');
  if (!access.ok) return access;
  const { request } = access.value;
  const ids = await requestAttachmentIds(deps.db, request.id);
  const byId = new Map((await findAssets(deps.db, request.projectId, ids)).map((asset) => [asset.id, asset]));
  return ok(ids.flatMap((id) => (byId.has(id) ? [toAssetView(byId.get(id)!)] : [])));
}

/**
 * Attaches an uploaded file of the request's project to it (editors and up, who may upload). At
 * most MAX_REQUEST_FILES; attaching it again changes nothing. Answers the request's files.
 */
export async function attachToRequest(deps: Pick<OperationDeps, 'db'>, caller: Caller, requestId: string, input: { uploadedAssetId: string }): Promise<Outcome<AssetView[]>> {
  const access = await requestFor(deps.db, caller, requestId, 'assets.write');
  if (!access.ok) return access;
  const { request } = access.value;
  const asset = await attachableAsset(deps, caller, request.projectId, input.uploadedAssetId);
  if (!asset.ok) return asset;
  const added = await deps.db.transaction(async (tx) => {
    // The request row is the lock: two attaches racing for the last place cannot both take it.
    await tx.query('SELECT id FROM requests WHERE id = $1 FOR UPDATE', [request.id]);
    if ((await countRequestAttachments(tx, request.id)) >= MAX_REQUEST_FILES) return 'full' as const;
    const inserted = await insertRequestAttachment(tx, { requestId: request.id, assetId: asset.value.id, projectId: request.projectId, attachedBy: actorOf(caller.principal) });
    if (inserted) await auditAsset(tx, caller, { action: 'asset.attached', projectId: request.projectId, assetId: asset.value.id, details: { requestId: request.id } });
    return 'ok' as const;
  });
  if (added === 'full') return fail('VALIDATION_FAILED', `A request has at most ${MAX_REQUEST_FILES} files.`, [{ path: 'uploadedAssetId', message: `the request already has ${MAX_REQUEST_FILES} files` }]);
  return listRequestFiles(deps, caller, request.id);
}

/** Takes a file off a request (editors and up); one that is not attached is a 404. */
export async function detachFromRequest(deps: Pick<OperationDeps, 'db'>, caller: Caller, requestId: string, assetId: string): Promise<Outcome<AssetView[]>> {
  const access = await requestFor(deps.db, caller, requestId, 'assets.write');
  if (!access.ok) return access;
  const { request } = access.value;
  const id = normalizedUuid(assetId);
  const removed = id
    ? await deps.db.transaction(async (tx) => {
        const gone = await deleteRequestAttachment(tx, request.id, id);
        if (gone) await auditAsset(tx, caller, { action: 'asset.detached', projectId: request.projectId, assetId: id, details: { requestId: request.id } });
        return gone;
      })
    : false;
  if (!removed) return fail('NOT_FOUND', 'This file is not attached to this request.');
  return listRequestFiles(deps, caller, request.id);
}
