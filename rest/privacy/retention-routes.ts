import { type Request, Router } from 'express';
import { getRetention } from '../../operations/privacy/get-retention.js';
import type { RetentionDefaults } from '../../operations/privacy/retention.js';
import { updateRetention } from '../../operations/privacy/update-retention.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { projectContext } from '../projects/project-context.js';
import { parse } from '../validate.js';
import { presentRetention, retentionBody } from './schemas.js';

/** Today's behaviour: the audit log and notifications are kept; raw analytics events for ANALYTICS_RAW_RETENTION_DAYS. */
export function retentionDefaults(deps: RestDependencies): RetentionDefaults {
  return { auditDays: null, notificationDays: null, analyticsRawDays: deps.config.analytics.rawRetentionDays };
}

function retentionContext(req: Request, deps: RestDependencies) {
  const context = projectContext(req, deps);
  return { ...context, retention: { db: deps.db, defaults: retentionDefaults(deps) } };
}

/** `/api/projects/:projectId/retention`: owners and admins read and change how long the project keeps what. */
export function retentionRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier));

  router.get('/', async (req, res) => {
    const { retention, caller, projectId } = retentionContext(req, deps);
    sendData(res, presentRetention(unwrap(await getRetention(retention, caller, { projectId }))));
  });

  router.put('/', async (req, res) => {
    const { retention, caller, projectId, ip } = retentionContext(req, deps);
    const change = parse(retentionBody, req.body);
    sendData(res, presentRetention(unwrap(await updateRetention(retention, caller, { projectId, change, ip }))));
  });

  return router;
}
