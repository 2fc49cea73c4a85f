import { type Request, Router } from 'express';
import { type ErasureDeps, erasureView, requestErasureByAdmin, requestMyErasure } from '../../operations/privacy/request-erasure.js';
import { AppError } from '../../platform/app-error.js';
import { findErasure } from '../../storage/erasures.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { instanceAdminsOnly } from '../middleware/instance-admins-only.js';
import { clientIp } from '../middleware/rate-limit.js';
import { operationContext, unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { adminErasureBody, myErasureBody, presentErasure } from './erasure-schemas.js';
import { z } from 'zod';

function erasureDeps(deps: RestDependencies): ErasureDeps {
  return { db: deps.db, requestRun: deps.requestErasureRun ?? (() => Promise.reject(new Error('this process cannot queue erasures'))) };
}

/** `DELETE /api/me`: the signed-in person erases their account (recent sign-in, email typed to confirm). */
export function myErasureRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.delete('/', async (req, res) => {
    const { caller } = operationContext(req, deps);
    const body = parse(myErasureBody, req.body);
    const { erasure, created } = unwrap(await requestMyErasure(erasureDeps(deps), caller, { confirm: body.confirm, ip: clientIp(req) }));
    sendData(res, presentErasure(erasure), { status: created ? 202 : 200 });
  });
  return router;
}

const erasureId = z.object({ erasureId: z.uuid() });

/** `/api/admin/erasures`: instance admins erase someone, and follow the erasure. */
export function adminErasureRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.use(instanceAdminsOnly(deps.db));
  const adminOf = (req: Request): string => {
    const principal = req.auth!.principal;
    if (principal.type !== 'user') throw new AppError('FORBIDDEN', 'Only instance admins may use /api/admin.');
    return principal.user.id;
  };
  router.post('/', async (req, res) => {
    const adminUserId = adminOf(req);
    const { userId } = parse(adminErasureBody, req.body);
    const { erasure, created } = unwrap(await requestErasureByAdmin(erasureDeps(deps), { adminUserId, userId, ip: clientIp(req) }));
    sendData(res, presentErasure(erasure), { status: created ? 202 : 200 });
  });
  router.get('/:erasureId', async (req, res) => {
    const parsed = erasureId.safeParse(req.params);
    const found = parsed.success ? await findErasure(deps.db, parsed.data.erasureId.toLowerCase()) : null;
    if (!found) throw new AppError('NOT_FOUND', 'No such erasure.');
    sendData(res, presentErasure(erasureView(found)));
  });
  return router;
}
