import { useCallback, useEffect, useState } from 'react';
import { RequestFailed, api, endRequests, forgetAccessToken, refreshAccessToken, rememberAccessToken } from './api.js';
import { forgetAllLocalData } from './local-data.js';
import { forgetTrackedEvents } from './analytics/track.js';

export interface User {
  id: string;
  email: string;
  name: string;
  /** The colour they chose (`#rrggbb`), or null for the one the server derives from their id. */
  color?: string | null;
}

export interface ProfileChanges {
  name?: string;
  color?: string | null;
}

const CACHED_USER = 'studio:user';

function cachedUser(): User | null {
  try {
    const cached = localStorage.getItem(CACHED_USER);
    return cached ? (JSON.parse(cached) as User) : null;
  } catch {
    return null;
  }
}

/**
 * Whether this browser may hold a session: the server's readable `ss_signed_in` marker (set with
 * the refresh cookie, which the page cannot see), or a person remembered here from before the
 * marker existed. Without either, asking `/auth/refresh` could only fail.
 */
function mayHaveSession(): boolean {
  return document.cookie.split('; ').some((cookie) => cookie.startsWith('ss_signed_in=')) || cachedUser() !== null;
}

/**
 * Someone else is signing in on this browser than the one last signed in (who did not sign out):
 * their local copies go first, so nothing of theirs can be opened by the new person.
 */
async function becomeUser(user: User): Promise<void> {
  const previous = cachedUser();
  if (previous && previous.id !== user.id) await forgetAllLocalData();
  localStorage.setItem(CACHED_USER, JSON.stringify(user));
}

/**
 * Who is signed in. Online, the refresh cookie decides; offline, the last known user is used
 * so boards kept in this browser still open (the server checks again on reconnect).
 */
export function useSession() {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    void (async () => {
      try {
        if (mayHaveSession() && (await refreshAccessToken())) {
          const profile = await api<User>('GET', '/auth/user/profile');
          await becomeUser(profile.data);
          setUser(profile.data);
          return;
        }
        localStorage.removeItem(CACHED_USER);
        setUser(null);
      } catch {
        setUser(cachedUser());
      }
    })();
  }, []);

  const devSignIn = useCallback(async (email: string, name: string) => {
    const response = await fetch('/auth/dev/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(name ? { email, name } : { email }) });
    const body = (await response.json()) as { data: { user: User; accessToken: string; expiresIn?: number }; error?: { code: string; message: string } };
    if (!response.ok) throw new RequestFailed(response.status, body.error?.code ?? 'HTTP_ERROR', body.error?.message ?? 'Sign-in failed');
    rememberAccessToken(body.data.accessToken, body.data.expiresIn ?? 600);
    await becomeUser(body.data.user);
    setUser(body.data.user);
  }, []);

  /** Signing out on a shared browser leaves nothing of the person behind: documents, drafts of state, the cached profile. */
  const signOut = useCallback(async () => {
    forgetTrackedEvents();
    endRequests();
    await fetch('/auth/logout', { method: 'POST' }).catch(() => {});
    forgetAccessToken();
    setUser(null);
    localStorage.removeItem(CACHED_USER);
    await forgetAllLocalData();
  }, []);

  /** The person's own name and colour, changed through their profile. */
  const updateProfile = useCallback(async (changes: ProfileChanges) => {
    const reply = await api<User>('PUT', '/auth/user/profile', changes);
    localStorage.setItem(CACHED_USER, JSON.stringify(reply.data));
    setUser(reply.data);
  }, []);

  return { user, devSignIn, signOut, updateProfile };
}
