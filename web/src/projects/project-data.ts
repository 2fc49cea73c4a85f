import { useCallback, useEffect, useRef, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { type DocumentSummary, type ProjectSummary, forgetProject, isNetworkFailure, keepProject, keptProject, useOnline } from './offline-copy.js';

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
}

/** Why the page cannot be shown at all: one message instead of an empty page. */
export type Problem = { kind: 'not-found' | 'forbidden' | 'offline' | 'failed'; message: string };

export interface ProjectData {
  project: ProjectSummary | null;
  documents: DocumentSummary[];
  archived: DocumentSummary[];
  members: Member[];
  /** Sections the server refused or that could not be fetched: said in the section, the rest of the page still works. */
  sectionErrors: { documents?: string; archived?: string; members?: string };
  problem: Problem | null;
  /** Showing this device's copy, as last fetched. */
  offline: boolean;
}

const EMPTY: ProjectData = { project: null, documents: [], archived: [], members: [], sectionErrors: {}, problem: null, offline: false };

const reason = (result: PromiseSettledResult<unknown>, fallback: string) => (result.status === 'rejected' ? failureText(result.reason, fallback) : undefined);

/**
 * The project page's data: the project, its open and archived documents and its members, each
 * asked for once per load, all at once. Offline, this person's copy of the project and its
 * documents as last fetched; a project the server says they have no access to is forgotten here.
 */
export function useProjectData(userId: string, projectId: string) {
  const [data, setData] = useState<ProjectData>(EMPTY);
  const online = useOnline();
  const latest = useRef(0);
  const base = `/api/projects/${encodeURIComponent(projectId)}`;

  const load = useCallback(async () => {
    const run = ++latest.current;
    const [project, documents, archived, members] = await Promise.allSettled([
      api<ProjectSummary>('GET', base),
      api<DocumentSummary[]>('GET', `${base}/documents?limit=100`),
      api<DocumentSummary[]>('GET', `${base}/documents?archived=true&limit=100`),
      api<Member[]>('GET', `${base}/members`),
    ]);
    // A later load (another project, or after a change) has the last word.
    if (run !== latest.current) return;
    if (project.status === 'rejected') {
      const failure: unknown = project.reason;
      if (isNetworkFailure(failure)) {
        const copy = keptProject(userId, projectId);
        setData(
          copy
            ? { ...EMPTY, project: copy.project, documents: copy.documents, offline: true }
            : { ...EMPTY, offline: true, problem: { kind: 'offline', message: 'You are offline, and this device has not seen this project yet. It opens when you are back online.' } },
        );
        return;
      }
      const status = failure instanceof RequestFailed ? failure.status : 0;
      if (status === 404 || status === 403) forgetProject(userId, projectId);
      setData({
        ...EMPTY,
        problem:
          status === 404
            ? { kind: 'not-found', message: 'This project does not exist, or you are not a member of it. If you should have access, ask one of its owners to add you.' }
            : status === 403
              ? { kind: 'forbidden', message: failureText(failure, 'You may not open this project.') }
              : { kind: 'failed', message: failureText(failure, 'The project could not be loaded.') },
      });
      return;
    }
    const open = documents.status === 'fulfilled' ? documents.value.data : [];
    if (documents.status === 'fulfilled') keepProject(userId, { project: project.value.data, documents: open });
    setData({
      project: project.value.data,
      documents: open,
      archived: archived.status === 'fulfilled' ? archived.value.data : [],
      members: members.status === 'fulfilled' ? members.value.data : [],
      sectionErrors: { documents: reason(documents, 'The documents could not be loaded.'), archived: reason(archived, 'The archived documents could not be loaded.'), members: reason(members, 'The members could not be loaded.') },
      problem: null,
      offline: false,
    });
  }, [base, userId, projectId]);

  useEffect(() => {
    setData(EMPTY);
    void load();
  }, [load]);

  // Back online after showing this device's copy: the real thing, once.
  const { offline } = data;
  useEffect(() => {
    if (online && offline) void load();
  }, [online, offline, load]);

  return { ...data, online: online && !offline, base, reload: load, setProject: (project: ProjectSummary) => setData((previous) => ({ ...previous, project })) };
}
