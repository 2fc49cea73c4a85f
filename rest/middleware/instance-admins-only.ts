import type { NextFunction, Request, Response } from 'express';
import { recordAudit } from '../../identity/audit.js';
import { isInstanceAdmin } from '../../identity/instance-admins.js';
import type { Queryable } from '../../platform/db/database.js';
import { AppError } from '../../platform/app-error.js';
import { clientIp } from './rate-limit.js';

/** `/api/admin/*` for instance admins only; every refusal is in the audit log (who knocked, on what). */
export function instanceAdminsOnly(db: Queryable) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const principal = req.auth!.principal;
    if (principal.type === 'user' && (await isInstanceAdmin(db, principal.user.id))) return next();
    await recordAudit(db, {
      action: 'admin.refused',
      ...(principal.type === 'user' ? { actorUserId: principal.user.id } : { actorApiKeyId: principal.apiKeyId }),
      target: `${req.method} ${req.baseUrl}${req.path}`,
      ip: clientIp(req),
    });
    throw new AppError('FORBIDDEN', 'Only instance admins may use /api/admin.');
  };
}
