import { Router } from 'express';
import { listProjectShares, listSharedWithMe } from '../../operations/documents/document-guests.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { operationContext, unwrap } from '../operation-response.js';
import { projectContext } from '../projects/project-context.js';
import { presentProjectShare, presentSharedDocument } from './schemas.js';

/** `GET /api/projects/:projectId/shares`: what a project restricts or shares, with whom (owners and admins). */
export function projectShareRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.get('/', projectAccess(deps.identity.verifier), allow('members.manage'), async (req, res) => {
    const { ops, caller, projectId } = projectContext(req, deps);
    sendData(res, unwrap(await listProjectShares(ops, caller, projectId)).map(presentProjectShare));
  });
  return router;
}

/** `GET /api/me/shared-documents`: the documents shared with the caller as a guest. */
export function sharedWithMeRoutes(deps: RestDependencies): Router {
  const router = Router();
  router.get('/shared-documents', async (req, res) => {
    const { ops, caller } = operationContext(req, deps);
    sendData(res, unwrap(await listSharedWithMe(ops, caller)).map(presentSharedDocument));
  });
  return router;
}
