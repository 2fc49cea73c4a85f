import { useEffect, useState } from 'react';
import { api } from '../api.js';

export interface ProjectSummary {
  id: string;
  name: string;
  role: string;
}

/** The project and the caller's role in it (null while loading); admin screens show what the role allows. */
export function useProject(projectId: string): { project: ProjectSummary | null; error: string | null; canManage: boolean } {
  const [project, setProject] = useState<ProjectSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<ProjectSummary>('GET', `/api/projects/${encodeURIComponent(projectId)}`)
      .then((reply) => setProject(reply.data))
      .catch((failure: Error) => setError(failure.message));
  }, [projectId]);
  return { project, error, canManage: project?.role === 'owner' || project?.role === 'admin' };
}
