import { type Request, Router } from 'express';
import { addMember } from '../../operations/members/add-member.js';
import { changeMember } from '../../operations/members/change-member.js';
import { listMembers } from '../../operations/members/list-members.js';
import { removeMember } from '../../operations/members/remove-member.js';
import type { RestDependencies } from '../dependencies.js';
import { sendData } from '../envelope.js';
import { allow, projectAccess } from '../middleware/project-access.js';
import { unwrap } from '../operation-response.js';
import { parse } from '../validate.js';
import { addMemberBody, changeMemberBody, presentMember } from './member-schemas.js';
import { projectContext } from './project-context.js';

/**
 * `/api/projects/:projectId/members`. `allow()` refuses early, on the role read when the request
 * began; who may change a membership is decided by the operations, inside the change's
 * transaction on locked rows (`identity/members.ts`).
 */
export function memberRoutes(deps: RestDependencies): Router {
  const router = Router({ mergeParams: true });
  router.use(projectAccess(deps.identity.verifier));
  const ctx = (req: Request) => projectContext(req, deps);

  router.get('/', allow('members.read'), async (req, res) => {
    const { ops, caller, projectId } = ctx(req);
    const members = unwrap(await listMembers(ops, caller, { projectId }));
    sendData(res, members.map(presentMember), { meta: { total: members.length } });
  });

  router.post('/', allow('members.manage'), async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const input = parse(addMemberBody, req.body);
    sendData(res, presentMember(unwrap(await addMember(ops, caller, { projectId, ...input, ip }))), { status: 201 });
  });

  router.put('/:userId', allow('members.manage'), async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    const { role } = parse(changeMemberBody, req.body);
    sendData(res, presentMember(unwrap(await changeMember(ops, caller, { projectId, userId: String(req.params.userId), role, ip }))));
  });

  // No `allow()`: leaving needs no right; whether it is leaving is decided with the rest, inside the transaction.
  router.delete('/:userId', async (req, res) => {
    const { ops, caller, projectId, ip } = ctx(req);
    sendData(res, unwrap(await removeMember(ops, caller, { projectId, userId: String(req.params.userId), ip })));
  });

  return router;
}
