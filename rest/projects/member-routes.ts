import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../identity/audit.js';
import { addMember, changeMember, getMember, listMembers } from '../../identity/members.js';
import { PROJECT_ROLES, type ProjectRole, can } from '../../identity/roles.js';
import { upsertUserByEmail } from '../../identity/users.js';
import { AppError } from '../app-error.js';
import { email } from '../auth/schemas.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { actorOf, allow, currentProject, projectAccess } from '../middleware/project-access.js';
import { clientIp } from '../middleware/rate-limit.js';
import { parse } from '../validate.js';

const role = z.enum(PROJECT_ROLES);
export const addMemberBody = z.object({ email, role }).strict();
export const changeMemberBody = z.object({ role }).strict();

/** Only owners may make or unmake owners; admins manage everyone else. */
function assertMayTouchOwners(callerRole: ProjectRole, ...roles: (ProjectRole | null)[]): void {
  if (roles.includes('owner') && !can(callerRole, 'members.manageOwners')) {
    throw new AppError('FORBIDDEN', 'Only an owner may add, change or remove an owner.');
  }
}

/** `/api/projects/:projectId/members`. */
export function memberRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier));

  router.get('/', allow('members.read'), async (req, res) => {
    const members = await listMembers(deps.db, currentProject(req).id);
    sendData(res, members, { meta: { total: members.length } });
  });

  router.post('/', allow('members.manage'), async (req, res) => {
    const project = currentProject(req);
    const input = parse(addMemberBody, req.body);
    assertMayTouchOwners(project.role, input.role);
    const member = await deps.db.transaction(async (tx) => {
      // Inviting an address that has no account yet creates it; the person's first sign-in with that verified email links to it.
      const user = await upsertUserByEmail(tx, input.email);
      const added = await addMember(tx, project.id, user.id, input.role);
      if (!added) throw new AppError('ALREADY_MEMBER', `${input.email} is already a member of this project.`);
      await recordAudit(tx, { action: 'member.added', projectId: project.id, ...actorOf(req), target: user.id, details: { role: input.role }, ip: clientIp(req) });
      return added;
    });
    deps.identity.events.emit({ type: 'member', projectId: project.id, userId: member.userId, role: member.role });
    sendData(res, member, { status: 201 });
  });

  router.put('/:userId', allow('members.manage'), async (req, res) => {
    const project = currentProject(req);
    const input = parse(changeMemberBody, req.body);
    const userId = String(req.params.userId);
    const existing = await getMember(deps.db, project.id, userId);
    if (!existing) throw new AppError('NOT_FOUND', 'No such member.');
    assertMayTouchOwners(project.role, existing.role, input.role);
    const member = await change(deps, req, project.id, userId, input.role);
    sendData(res, member);
  });

  router.delete('/:userId', async (req, res) => {
    const project = currentProject(req);
    const userId = String(req.params.userId);
    const leavingThemselves = actorOf(req).actorUserId === userId;
    if (!leavingThemselves && !can(project.role, 'members.manage')) throw new AppError('FORBIDDEN', 'Your role in this project does not allow members.manage.');
    const existing = await getMember(deps.db, project.id, userId);
    if (!existing) throw new AppError('NOT_FOUND', 'No such member.');
    if (!leavingThemselves) assertMayTouchOwners(project.role, existing.role);
    await change(deps, req, project.id, userId, null);
    sendData(res, { userId, removed: true });
  });

  return router;
}

async function change(deps: RestDependencies, req: Parameters<typeof actorOf>[0], projectId: string, userId: string, role: ProjectRole | null) {
  const result = await deps.db.transaction(async (tx) => {
    const changed = await changeMember(tx, projectId, userId, role);
    if (changed.outcome === 'changed') {
      await recordAudit(tx, {
        action: role === null ? 'member.removed' : 'member.role_changed',
        projectId,
        ...actorOf(req),
        target: userId,
        details: { from: changed.previousRole, to: role },
        ip: clientIp(req),
      });
    }
    return changed;
  });
  switch (result.outcome) {
    case 'not_found':
      throw new AppError('NOT_FOUND', 'No such member.');
    case 'last_owner':
      throw new AppError('LAST_OWNER', 'A project keeps at least one owner: make someone else owner first.');
    case 'changed':
      deps.identity.events.emit({ type: 'member', projectId, userId, role });
      return result.member;
  }
}
