import { Router } from 'express';
import { z } from 'zod';
import { listAudit } from '../../identity/audit.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, currentProject, projectAccess } from '../middleware/project-access.js';
import { bigintCursor } from '../pagination.js';
import { parse } from '../validate.js';

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: bigintCursor.optional(),
});

/** `GET /api/projects/:projectId/audit`: newest first, paged by `before` (the last id seen). */
export function auditRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.get('/', projectAccess(deps.identity.verifier), allow('audit.read'), async (req, res) => {
    const input = parse(auditQuery, req.query);
    const records = await listAudit(deps.db, currentProject(req).id, input);
    const last = records.at(-1);
    sendData(res, records, { meta: { limit: input.limit, nextBefore: records.length === input.limit && last ? last.id : null } });
  });
  return router;
}
