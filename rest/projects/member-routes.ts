import { type Request, Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../identity/audit.js';
import { type MemberActor, type MemberRefusal, addMember, changeMember, listMembers } from '../../identity/members.js';
import { PROJECT_ROLES, type ProjectRole } from '../../identity/roles.js';
import { upsertUserByEmail } from '../../identity/users.js';
import { AppError } from '../../platform/app-error.js';
import { email } from '../auth/schemas.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { uuidParam } from '../ids.js';
import { actorOf, allow, currentProject, projectAccess } from '../middleware/project-access.js';
import { clientIp } from '../middleware/rate-limit.js';
import { parse } from '../validate.js';

const role = z.enum(PROJECT_ROLES);
export const addMemberBody = z.object({ email, role }).strict();
export const changeMemberBody = z.object({ role }).strict();

const REFUSED: Record<MemberRefusal, string> = {
  'members.manage': 'Your role in this project does not allow members.manage.',
  'members.manageOwners': 'Only an owner may add, change or remove an owner.',
};

/**
 * Who asks, for the membership rules. They are applied inside the change's transaction on
 * locked rows (`identity/members.ts`), not on the role `projectAccess` read a moment before.
 */
function memberActor(req: Request): MemberActor {
  const principal = req.auth!.principal;
  return principal.type === 'user' ? { type: 'user', userId: principal.user.id } : { type: 'apiKey', role: currentProject(req).role, createdBy: principal.createdBy };
}

function memberIdOf(req: Request): string {
  const userId = uuidParam(req.params.userId);
  if (!userId) throw new AppError('NOT_FOUND', 'No such member.');
  return userId;
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
    const member = await deps.db.transaction(async (tx) => {
      // Inviting an address that has no account yet creates it; the person's first sign-in with that verified email links to it.
      const user = await upsertUserByEmail(tx, input.email);
      const added = await addMember(tx, { projectId: project.id, actor: memberActor(req), userId: user.id, role: input.role });
      // Thrown inside the transaction: a refused invitation leaves no account behind either.
      if (added.outcome === 'forbidden') throw new AppError('FORBIDDEN', REFUSED[added.missing]);
      if (added.outcome === 'already_member') throw new AppError('ALREADY_MEMBER', `${input.email} is already a member of this project.`);
      await recordAudit(tx, { action: 'member.added', projectId: project.id, ...actorOf(req), target: user.id, details: { role: input.role }, ip: clientIp(req) });
      return added.member;
    });
    deps.identity.events.emit({ type: 'member', projectId: project.id, userId: member.userId, role: member.role });
    sendData(res, member, { status: 201 });
  });

  router.put('/:userId', allow('members.manage'), async (req, res) => {
    const input = parse(changeMemberBody, req.body);
    sendData(res, await change(deps, req, memberIdOf(req), input.role));
  });

  // No `allow()`: leaving needs no right; whether it is leaving is decided with the rest, inside the transaction.
  router.delete('/:userId', async (req, res) => {
    const userId = memberIdOf(req);
    await change(deps, req, userId, null);
    sendData(res, { userId, removed: true });
  });

  return router;
}

async function change(deps: RestDependencies, req: Request, userId: string, role: ProjectRole | null) {
  const projectId = currentProject(req).id;
  const result = await deps.db.transaction(async (tx) => {
    const changed = await changeMember(tx, { projectId, actor: memberActor(req), userId, role });
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
    case 'forbidden':
      throw new AppError('FORBIDDEN', REFUSED[result.missing]);
    case 'not_found':
      throw new AppError('NOT_FOUND', 'No such member.');
    case 'last_owner':
      throw new AppError('LAST_OWNER', 'A project keeps at least one owner: make someone else owner first.');
    case 'changed':
      deps.identity.events.emit({ type: 'member', projectId, userId, role });
      return result.member;
  }
}
