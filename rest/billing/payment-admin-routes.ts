import { type NextFunction, type Request, type Response, Router } from 'express';
import { recordAudit } from '../../identity/audit.js';
import { isInstanceAdmin } from '../../identity/instance-admins.js';
import { AppError } from '../../platform/app-error.js';
import { listOpenMismatches } from '../../storage/billing/payment-mismatches.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { clientIp } from '../middleware/rate-limit.js';
import { offsetOf, pageQuery } from '../pagination.js';
import { parse } from '../validate.js';

/** `/api/admin/billing`: what reconciliation found, for instance admins (as the rest of /api/admin, refusals audited). */
export function billingAdminRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.use(async (req: Request, _res: Response, next: NextFunction) => {
    const principal = req.auth!.principal;
    if (principal.type === 'user' && (await isInstanceAdmin(deps.db, principal.user.id))) return next();
    await recordAudit(deps.db, {
      action: 'admin.refused',
      ...(principal.type === 'user' ? { actorUserId: principal.user.id } : { actorApiKeyId: principal.apiKeyId }),
      target: `${req.method} ${req.baseUrl}${req.path}`,
      ip: clientIp(req),
    });
    throw new AppError('FORBIDDEN', 'Only instance admins may use /api/admin.');
  });
  router.get('/mismatches', async (req, res) => {
    const page = parse(pageQuery, req.query);
    const { mismatches, total } = await listOpenMismatches(deps.db, { limit: page.limit, offset: offsetOf(page) });
    sendData(
      res,
      mismatches.map((m) => ({ ...m, foundAt: m.foundAt.toISOString() })),
      { meta: { total, page: page.page, limit: page.limit } },
    );
  });
  return router;
}
