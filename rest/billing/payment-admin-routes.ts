import { Router } from 'express';
import { listOpenMismatches } from '../../storage/billing/payment-mismatches.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { instanceAdminsOnly } from '../middleware/instance-admins-only.js';
import { offsetOf, pageQuery } from '../pagination.js';
import { parse } from '../validate.js';

/** `/api/admin/billing`: what reconciliation found, for instance admins (as the rest of /api/admin, refusals audited). */
export function billingAdminRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.use(instanceAdminsOnly(deps.db));
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
