import { useEffect, useState } from 'react';
import { api } from './api.js';

/** A member of a project, as GET /api/projects/:id/members answers. */
export interface ProjectMember {
  userId: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  role: string;
  joinedAt: string;
}

/**
 * The project's members, for pickers (assignees) and for naming authors by id. Offline, or before
 * they arrive, the list is empty and ids are shown as they are.
 */
export function useMembers(projectId: string): { members: ProjectMember[]; nameOf(userId: string): string } {
  const [members, setMembers] = useState<ProjectMember[]>([]);
  useEffect(() => {
    let live = true;
    void api<ProjectMember[]>('GET', `/api/projects/${encodeURIComponent(projectId)}/members`)
      .then((reply) => live && setMembers(reply.data))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [projectId]);
  const byId = new Map(members.map((member) => [member.userId, member]));
  return { members, nameOf: (userId) => byId.get(userId)?.name || byId.get(userId)?.email || userId };
}
