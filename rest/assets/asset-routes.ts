import { type Request, Router } from 'express';
import type { AssetDeps } from '../../operations/assets/asset-deps.js';
import { completeUpload } from '../../operations/assets/complete-upload.js';
import { createUpload } from '../../operations/assets/create-upload.js';
import { deleteAsset } from '../../operations/assets/delete-asset.js';
import { downloadAsset } from '../../operations/assets/download-asset.js';
import { getAsset } from '../../operations/assets/get-asset.js';
import { listAssets } from '../../operations/assets/list-assets.js';
import { DEFAULT_MULTIPART_MAX_BYTES } from '../../operations/assets/asset-deps.js';
import { uploadSmallFile } from '../../operations/assets/upload-small-file.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { idempotent } from '../middleware/idempotency.js';
import { projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { offsetOf } from '../pagination.js';
import { projectContext } from '../projects/project-context.js';
import { parse } from '../validate.js';
import { createUploadBody, deleteAssetQuery, downloadQuery, listAssetsQuery, presentAsset, smallFileMeta } from './schemas.js';
import { readSmallFilePart } from './small-file-form.js';

function assetContext(req: Request, deps: RestDependencies) {
  const context = projectContext(req, deps);
  const assets: AssetDeps & { logger: typeof req.log } = { ...context.ops, ...deps.assets, logger: req.log };
  return { ...context, assets };
}

/** `/api/projects/:projectId/uploads`: ask for an upload (editors and up), then complete it. */
export function uploadRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier));
  // A retried request (same Idempotency-Key) gets the same upload, not a second pending one held against the quota.
  const once = idempotent(deps.db);

  router.post('/', once, async (req, res) => {
    const { assets, caller, projectId } = assetContext(req, deps);
    const input = parse(createUploadBody, req.body);
    sendData(res, unwrap(await createUpload(assets, caller, { projectId, ...input })), { status: 201 });
  });

  router.post('/:uploadId/complete', async (req, res) => {
    const { assets, caller, projectId } = assetContext(req, deps);
    sendData(res, presentAsset(unwrap(await completeUpload(assets, caller, { projectId, uploadId: String(req.params.uploadId) }))));
  });

  return router;
}

/** `/api/projects/:projectId/assets`: every member lists and downloads; uploaders and admins delete. */
export function assetRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier));

  router.get('/', async (req, res) => {
    const { assets, caller, projectId } = assetContext(req, deps);
    const page = parse(listAssetsQuery, req.query);
    const { assets: list, total } = unwrap(await listAssets(assets, caller, { projectId, limit: page.limit, offset: offsetOf(page) }));
    sendData(res, list.map(presentAsset), { meta: { total, page: page.page, limit: page.limit } });
  });

  // A small file in one multipart request (ASSET_MULTIPART_MAX_BYTES); larger ones go through /uploads.
  router.post('/', async (req, res) => {
    const { assets, caller, projectId } = assetContext(req, deps);
    try {
      const part = await readSmallFilePart(req, assets.settings.multipartMaxBytes ?? DEFAULT_MULTIPART_MAX_BYTES);
      const { name } = parse(smallFileMeta, { name: part.name || 'upload' });
      sendData(res, presentAsset(unwrap(await uploadSmallFile(assets, caller, { projectId, name, declaredType: part.type, bytes: part.bytes }))), { status: 201 });
    } catch (error) {
      // Refused before the body was read through: the rest of it is not wanted on this connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    }
  });

  router.get('/:assetId', async (req, res) => {
    const { assets, caller, projectId } = assetContext(req, deps);
    sendData(res, presentAsset(unwrap(await getAsset(assets, caller, { projectId, assetId: String(req.params.assetId) }))));
  });

  router.get('/:assetId/download', async (req, res) => {
    const { assets, caller, projectId } = assetContext(req, deps);
    const { variant } = parse(downloadQuery, req.query);
    res.setHeader('Cache-Control', 'no-store');
    sendData(res, unwrap(await downloadAsset(assets, caller, { projectId, assetId: String(req.params.assetId), variant })));
  });

  router.delete('/:assetId', async (req, res) => {
    const { assets, caller, projectId } = assetContext(req, deps);
    const { unlink, force } = parse(deleteAssetQuery, req.query);
    sendData(res, unwrap(await deleteAsset(assets, caller, { projectId, assetId: String(req.params.assetId), unlink: unlink ?? force ?? false })));
  });

  return router;
}
