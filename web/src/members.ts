import { useEffect, useState } from 'react';
import { api } from './api.js';
import { useMe } from './me.js';

/** A member of a project, as GET /api/projects/:id/members answers. */
export interface ProjectMember {
  userId: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  role: string;
  joinedAt: string;
}

/** How a guest sees anyone but themselves: the project's people are not theirs to know. */
const SOMEONE_IN_THE_PROJECT = 'Someone in the project';

/**
 * The project's members, for pickers (assignees) and for naming authors by id. Offline, or before
 * they arrive, the list is empty and ids are shown as they are. `projectId` null: the caller is a
 * guest of one document, to whom the list is closed; nothing is asked, and people go unnamed.
 */
export function useMembers(projectId: string | null): { members: ProjectMember[]; nameOf(userId: string): string } {
  const me = useMe();
  const [members, setMembers] = useState<ProjectMember[]>([]);
  useEffect(() => {
    if (projectId === null) return;
    let live = true;
    void api<ProjectMember[]>('GET', `/api/projects/${encodeURIComponent(projectId)}/members`)
      .then((reply) => live && setMembers(reply.data))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [projectId]);
  const byId = new Map(members.map((member) => [member.userId, member]));
  const unknown = (userId: string) => {
    if (projectId !== null) return userId;
    return userId === me.id ? me.name || me.email : SOMEONE_IN_THE_PROJECT;
  };
  return { members, nameOf: (userId) => byId.get(userId)?.name || byId.get(userId)?.email || unknown(userId) };
}
