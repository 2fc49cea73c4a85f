import { Router } from 'express';
import type { RestDependencies } from '../dependencies.js';
import { documentRoutes } from '../documents/document-routes.js';
import { versionRoutes } from '../documents/version-routes.js';
import { projectShareRoutes } from '../documents/share-routes.js';
import { apiKeyRoutes } from './api-key-routes.js';
import { auditRoutes } from './audit-routes.js';
import { memberRoutes } from './member-routes.js';
import { projectRoutes } from './project-routes.js';

/** `/api/projects/*`: the caller is already authenticated. */
export function projectsRouter(deps: RestDependencies): Router {
  const router = Router();
  router.use('/:projectId/members', memberRoutes(deps));
  router.use('/:projectId/api-keys', apiKeyRoutes(deps));
  router.use('/:projectId/audit', auditRoutes(deps));
  router.use('/:projectId/shares', projectShareRoutes(deps));
  router.use('/:projectId/documents/:documentId/versions', versionRoutes(deps));
  router.use('/:projectId/documents', documentRoutes(deps));
  router.use('/', projectRoutes(deps));
  return router;
}
