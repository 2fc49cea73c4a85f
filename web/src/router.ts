import { useEffect, useState } from 'react';

export type Route =
  | { page: 'projects' }
  | { page: 'project'; projectId: string }
  | { page: 'document'; name: string };

/** Hash routes, so the server only ever serves one page (and the offline shell is one file). */
export function parseRoute(hash: string): Route {
  const [, section, value] = hash.replace(/^#/, '').split('/');
  if (section === 'p' && value) return { page: 'project', projectId: decodeURIComponent(value) };
  if (section === 'd' && value) return { page: 'document', name: decodeURIComponent(value) };
  return { page: 'projects' };
}

export const href = {
  projects: () => '#/',
  project: (projectId: string) => `#/p/${encodeURIComponent(projectId)}`,
  document: (name: string) => `#/d/${encodeURIComponent(name)}`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
