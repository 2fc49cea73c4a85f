import type { MemberActor, MemberRefusal } from '../../identity/members.js';
import type { ProjectRole } from '../../identity/roles.js';
import type { Principal } from '../../identity/verifier.js';
import { fail } from '../outcome.js';

/**
 * Who asks, for the membership rules `identity/members.ts` applies inside the change's
 * transaction, on locked rows: a person is judged by their membership row as it is then, an API
 * key by its creator's row and at most `role`, its own role here when the request began.
 */
export function memberActorOf(principal: Principal, role: ProjectRole): MemberActor {
  return principal.type === 'user' ? { type: 'user', userId: principal.user.id } : { type: 'apiKey', role, createdBy: principal.createdBy };
}

const REFUSED: Record<MemberRefusal, string> = {
  'members.manage': 'Your role in this project does not allow members.manage.',
  'members.manageOwners': 'Only an owner may add, change or remove an owner.',
};

/** The refusal of a membership change the caller lacked `missing` for. */
export const memberChangeRefused = (missing: MemberRefusal) => fail('FORBIDDEN', REFUSED[missing]);
