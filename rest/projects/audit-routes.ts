import { Router } from 'express';
import { listAudit } from '../../operations/projects/list-audit.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { auditQuery, presentAuditRecord } from './audit-schemas.js';
import { projectContext } from './project-context.js';

/** `GET /api/projects/:projectId/audit`: newest first, paged by `before` (the last id seen). */
export function auditRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.get('/', projectAccess(deps.identity.verifier), allow('audit.read'), async (req, res) => {
    const { ops, caller, projectId } = projectContext(req, deps);
    const input = parse(auditQuery, req.query);
    const records = unwrap(await listAudit(ops, caller, { projectId, ...input }));
    const last = records.at(-1);
    sendData(res, records.map(presentAuditRecord), { meta: { limit: input.limit, nextBefore: records.length === input.limit && last ? last.id : null } });
  });
  return router;
}
