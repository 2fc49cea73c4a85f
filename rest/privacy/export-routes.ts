import { type Request, Router } from 'express';
import { downloadExport } from '../../operations/privacy/download-export.js';
import type { ExportDeps } from '../../operations/privacy/export-deps.js';
import { getExport, listMyExports } from '../../operations/privacy/get-export.js';
import { requestExport } from '../../operations/privacy/request-export.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { clientIp } from '../middleware/rate-limit.js';
import { operationContext, unwrap } from '../operation-response.js';
import { presentExport } from './schemas.js';

function exportContext(req: Request, deps: RestDependencies): { exports: ExportDeps; caller: ReturnType<typeof operationContext>['caller'] } {
  const { caller } = operationContext(req, deps);
  const requestBuild = deps.requestExportBuild ?? (() => Promise.reject(new Error('this process cannot queue export builds')));
  return {
    caller,
    exports: { db: deps.db, blobs: deps.assets.blobs, linkDays: deps.config.privacy.exportLinkDays, maxFileBytes: deps.config.privacy.exportMaxFileBytes, downloadUrlTtlSeconds: deps.assets.settings.downloadUrlTtlSeconds, requestBuild },
  };
}

/** `/api/me`: the signed-in person's own data exports. */
export function meRoutes(deps: RestDependencies): Router {
  const router = Router();

  // Asked again while one is waiting or being built: that one (200), never a second job.
  router.post('/export', async (req, res) => {
    const { exports, caller } = exportContext(req, deps);
    const { export: view, created } = unwrap(await requestExport(exports, caller, { ip: clientIp(req) }));
    sendData(res, presentExport(view), { status: created ? 202 : 200 });
  });

  router.get('/exports', async (req, res) => {
    const { exports, caller } = exportContext(req, deps);
    sendData(res, unwrap(await listMyExports(exports, caller)).map(presentExport));
  });

  router.get('/exports/:exportId', async (req, res) => {
    const { exports, caller } = exportContext(req, deps);
    sendData(res, presentExport(unwrap(await getExport(exports, caller, { exportId: String(req.params.exportId) }))));
  });

  router.get('/exports/:exportId/download', async (req, res) => {
    const { exports, caller } = exportContext(req, deps);
    res.setHeader('Cache-Control', 'no-store');
    sendData(res, unwrap(await downloadExport(exports, caller, { exportId: String(req.params.exportId) })));
  });

  return router;
}
