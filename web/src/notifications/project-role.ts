import { useEffect, useState } from 'react';
import { api } from '../api.js';

export interface ProjectSummary {
  id: string;
  name: string;
  role: string;
}

/** Whether a role may change the project's documents (owner, admin, editor), as the server's `documents.write`. */
export function canWriteDocuments(role: string | null | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'editor';
}

/** The project and the caller's role in it (null while loading); admin screens show what the role allows. */
export function useProject(projectId: string): { project: ProjectSummary | null; error: string | null; canManage: boolean; canWrite: boolean } {
  const [project, setProject] = useState<ProjectSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<ProjectSummary>('GET', `/api/projects/${encodeURIComponent(projectId)}`)
      .then((reply) => setProject(reply.data))
      .catch((failure: Error) => setError(failure.message));
  }, [projectId]);
  return { project, error, canManage: project?.role === 'owner' || project?.role === 'admin', canWrite: canWriteDocuments(project?.role) };
}
