import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../identity/audit.js';
import { createProject, deleteProject, getProject, listProjectsForUser, updateProject } from '../../identity/projects.js';
import { AppError } from '../../platform/app-error.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { requireUser } from '../middleware/authenticate.js';
import { actorOf, allow, currentProject, projectAccess } from '../middleware/project-access.js';
import { clientIp } from '../middleware/rate-limit.js';
import { offsetOf, pageQuery } from '../pagination.js';
import { userText } from '../text.js';
import { parse } from '../validate.js';

const projectName = userText().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const projectDescription = userText().trim().max(2000, 'must be at most 2000 characters');
export const createProjectBody = z.object({ name: projectName, description: projectDescription.default('') }).strict();
export const updateProjectBody = z
  .object({ name: projectName.optional(), description: projectDescription.optional() })
  .strict()
  .refine((value) => value.name !== undefined || value.description !== undefined, 'give name or description');

/** `/api/projects` and `/api/projects/:projectId`. */
export function projectRoutes(deps: RestDependencies): Router {
  const router = Router();
  const access = projectAccess(deps.identity.verifier);

  router.post('/', async (req, res) => {
    const user = requireUser(req);
    const input = parse(createProjectBody, req.body);
    const project = await deps.db.transaction(async (tx) => {
      const created = await createProject(tx, { ...input, createdBy: user.id });
      await recordAudit(tx, { action: 'project.created', projectId: created.id, actorUserId: user.id, target: created.id, ip: clientIp(req) });
      return created;
    });
    sendData(res, { ...project, role: 'owner' }, { status: 201 });
  });

  router.get('/', async (req, res) => {
    const page = parse(pageQuery, req.query);
    const principal = req.auth!.principal;
    if (principal.type === 'apiKey') {
      const project = await getProject(deps.db, principal.projectId);
      const list = project ? [{ ...project, role: principal.role }] : [];
      sendData(res, page.page === 1 ? list : [], { meta: { total: list.length, page: page.page, limit: page.limit } });
      return;
    }
    const { projects, total } = await listProjectsForUser(deps.db, principal.user.id, { limit: page.limit, offset: offsetOf(page) });
    sendData(res, projects, { meta: { total, page: page.page, limit: page.limit } });
  });

  router.get('/:projectId', access, allow('project.read'), async (req, res) => {
    const { id, role } = currentProject(req);
    const project = await getProject(deps.db, id);
    if (!project) throw new AppError('NOT_FOUND', 'No such project.');
    sendData(res, { ...project, role });
  });

  router.put('/:projectId', access, allow('project.update'), async (req, res) => {
    const { id, role } = currentProject(req);
    const input = parse(updateProjectBody, req.body);
    const project = await deps.db.transaction(async (tx) => {
      const updated = await updateProject(tx, id, input);
      if (updated) await recordAudit(tx, { action: 'project.updated', projectId: id, ...actorOf(req), target: id, details: input, ip: clientIp(req) });
      return updated;
    });
    if (!project) throw new AppError('NOT_FOUND', 'No such project.');
    sendData(res, { ...project, role });
  });

  router.delete('/:projectId', access, allow('project.delete'), async (req, res) => {
    const { id } = currentProject(req);
    await deps.db.transaction(async (tx) => {
      if (await deleteProject(tx, id)) await recordAudit(tx, { action: 'project.deleted', projectId: id, ...actorOf(req), target: id, ip: clientIp(req) });
    });
    deps.identity.events.emit({ type: 'projectDeleted', projectId: id });
    sendData(res, { id, deleted: true });
  });

  return router;
}
