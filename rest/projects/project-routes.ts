import { type Request, Router } from 'express';
import { createProject } from '../../operations/projects/create-project.js';
import { deleteProject } from '../../operations/projects/delete-project.js';
import { getProject } from '../../operations/projects/get-project.js';
import { listProjects } from '../../operations/projects/list-projects.js';
import { updateProject } from '../../operations/projects/update-project.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { requireUser } from '../middleware/authenticate.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { clientIp } from '../middleware/rate-limit.js';
import { operationContext, unwrap } from '../operation-response.js';
import { offsetOf, pageQuery } from '../pagination.js';
import { parse } from '../validate.js';
import { projectContext } from './project-context.js';
import { createProjectBody, presentProject, updateProjectBody } from './project-schemas.js';

/**
 * `/api/projects` and `/api/projects/:projectId`: parse → operation → present. `projectAccess`
 * and `allow()` refuse before the body is read, as these routes always have; the operations
 * check the same rights again, and theirs is the check workers and the AI go through.
 */
export function projectRoutes(deps: RestDependencies): Router {
  const router = Router();
  const access = projectAccess(deps.identity.verifier);
  const ctx = (req: Request) => projectContext(req, deps);

  router.post('/', async (req, res) => {
    // An API key is refused before its body is read, as it always was (the operation refuses keys too).
    requireUser(req);
    const { ops, caller } = operationContext(req, deps);
    const project = unwrap(await createProject(ops, caller, { ...parse(createProjectBody, req.body), ip: clientIp(req) }));
    sendData(res, presentProject(project), { status: 201 });
  });

  router.get('/', async (req, res) => {
    const page = parse(pageQuery, req.query);
    const { ops, caller } = operationContext(req, deps);
    const { projects, total } = unwrap(await listProjects(ops, caller, { limit: page.limit, offset: offsetOf(page) }));
    sendData(res, projects.map(presentProject), { meta: { total, page: page.page, limit: page.limit } });
  });

  router.get('/:projectId', access, allow('project.read'), async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    sendData(res, presentProject(unwrap(await getProject(ops, caller, { projectId }))));
  });

  router.put('/:projectId', access, allow('project.update'), async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const changes = parse(updateProjectBody, req.body);
    sendData(res, presentProject(unwrap(await updateProject(ops, caller, { projectId, ...changes, ip }))));
  });

  router.delete('/:projectId', access, allow('project.delete'), async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    sendData(res, unwrap(await deleteProject(ops, caller, { projectId, ip })));
  });

  return router;
}
