import { useEffect, useState } from 'react';

export type Route =
  | { page: 'projects' }
  | { page: 'project'; projectId: string }
  | { page: 'document'; name: string }
  /** The documents shared with the signed-in person as a guest. */
  | { page: 'shared' }
  /** A share link's one document, open to anyone with the link, signed in or not. */
  | { page: 'link'; token: string }
  | { page: 'inbox' }
  | { page: 'me' }
  | { page: 'notification-settings'; projectId: string }
  | { page: 'integrations'; projectId: string }
  | { page: 'deliveries'; projectId: string; integrationId?: string }
  | { page: 'requests'; projectId: string; requestId?: string }
  | { page: 'test-accounts'; projectId: string }
  | { page: 'votes'; projectId: string }
  | { page: 'assets'; projectId: string }
  | { page: 'knowledge'; projectId: string }
  | { page: 'dashboard'; projectId: string }
  | { page: 'billing'; projectId: string }
  /** `connected` and `oauthError` are what the Google sign-in sends the browser back with. */
  | { page: 'google-calendar'; projectId: string; connected?: boolean; oauthError?: string };

/** `#/p/<id>/google-calendar`, with `?connected=1` or `?error=<message>` when Google sends the browser back; null otherwise. */
function googleCalendarRoute(hash: string): Route | null {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const [, section, value, screen] = path.split('/');
  if (section !== 'p' || !value || screen !== 'google-calendar') return null;
  const params = new URLSearchParams(query);
  const oauthError = params.get('error');
  return {
    page: 'google-calendar',
    projectId: decodeURIComponent(value),
    ...(params.get('connected') === '1' ? { connected: true } : {}),
    ...(oauthError !== null ? { oauthError: oauthError || 'Google did not connect the account.' } : {}),
  };
}

/** `#/p/<id>/requests` and `#/p/<id>/requests/<requestId>` (the linkPath request events carry); null otherwise. */
function requestRoute(hash: string): Route | null {
  const [, section, value, screen, requestId] = hash.replace(/^#/, '').split('?')[0]!.split('/');
  if (section !== 'p' || !value || screen !== 'requests') return null;
  return { page: 'requests', projectId: decodeURIComponent(value), ...(requestId ? { requestId: decodeURIComponent(requestId) } : {}) };
}

/** `#/inbox`, `#/me`, `#/shared`, `#/p/<id>/notifications`, `#/p/<id>/integrations`, `#/p/<id>/deliveries`, `#/p/<id>/test-accounts`, `#/p/<id>/votes`, `#/p/<id>/assets`, `#/p/<id>/dashboard`; null for any other hash. */
function notificationRoute(hash: string): Route | null {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const [, section, value, screen] = path.split('/');
  if (section === 'inbox') return { page: 'inbox' };
  if (section === 'me') return { page: 'me' };
  if (section === 'shared') return { page: 'shared' };
  if (section !== 'p' || !value) return null;
  if (screen === 'notifications') return { page: 'notification-settings', projectId: decodeURIComponent(value) };
  if (screen === 'integrations') return { page: 'integrations', projectId: decodeURIComponent(value) };
  if (screen === 'test-accounts') return { page: 'test-accounts', projectId: decodeURIComponent(value) };
  if (screen === 'votes') return { page: 'votes', projectId: decodeURIComponent(value) };
  if (screen === 'assets') return { page: 'assets', projectId: decodeURIComponent(value) };
  if (screen === 'knowledge') return { page: 'knowledge', projectId: decodeURIComponent(value) };
  if (screen === 'dashboard') return { page: 'dashboard', projectId: decodeURIComponent(value) };
  if (screen === 'billing') return { page: 'billing', projectId: decodeURIComponent(value) };
  const integrationId = new URLSearchParams(query).get('integration');
  if (screen === 'deliveries') return { page: 'deliveries', projectId: decodeURIComponent(value), ...(integrationId ? { integrationId } : {}) };
  return null;
}

/** Hash routes, so the server only ever serves one page (and the offline shell is one file). */
export function parseRoute(hash: string): Route {
  const notifications = notificationRoute(hash);
  if (notifications) return notifications;
  const requests = requestRoute(hash);
  if (requests) return requests;
  const googleCalendar = googleCalendarRoute(hash);
  if (googleCalendar) return googleCalendar;
  const [, section, value] = hash.replace(/^#/, '').split('/');
  if (section === 'p' && value) return { page: 'project', projectId: decodeURIComponent(value) };
  if (section === 'd' && value) return { page: 'document', name: decodeURIComponent(value) };
  if (section === 'link' && value) return { page: 'link', token: decodeURIComponent(value) };
  return { page: 'projects' };
}

export const href = {
  projects: () => '#/',
  project: (projectId: string) => `#/p/${encodeURIComponent(projectId)}`,
  document: (name: string) => `#/d/${encodeURIComponent(name)}`,
  inbox: () => '#/inbox',
  me: () => '#/me',
  shared: () => '#/shared',
  notificationSettings: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/notifications`,
  integrations: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/integrations`,
  requests: (projectId: string, requestId?: string) => `#/p/${encodeURIComponent(projectId)}/requests${requestId ? `/${encodeURIComponent(requestId)}` : ''}`,
  testAccounts: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/test-accounts`,
  votes: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/votes`,
  assets: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/assets`,
  knowledge: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/knowledge`,
  dashboard: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/dashboard`,
  billing: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/billing`,
  googleCalendar: (projectId: string) => `#/p/${encodeURIComponent(projectId)}/google-calendar`,
  deliveries: (projectId: string, integrationId?: string) => `#/p/${encodeURIComponent(projectId)}/deliveries${integrationId ? `?integration=${encodeURIComponent(integrationId)}` : ''}`,
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
