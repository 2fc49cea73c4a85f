import { z } from 'zod';
import type { Member } from '../../identity/members.js';
import { PROJECT_ROLES } from '../../identity/roles.js';
import { email } from '../auth/schemas.js';

const role = z.enum(PROJECT_ROLES);
export const addMemberBody = z.object({ email, role }).strict();
export const changeMemberBody = z.object({ role }).strict();

export const memberResponse = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  role,
  joinedAt: z.iso.datetime(),
});
export const memberListResponse = z.array(memberResponse);
export const removedMemberResponse = z.object({ userId: z.uuid(), removed: z.literal(true) });

export function presentMember(member: Member): z.output<typeof memberResponse> {
  return { userId: member.userId, email: member.email, name: member.name, avatarUrl: member.avatarUrl, role: member.role, joinedAt: member.joinedAt.toISOString() };
}
