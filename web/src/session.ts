import { useCallback, useEffect, useState } from 'react';
import { RequestFailed, api, forgetAccessToken, refreshAccessToken, rememberAccessToken } from './api.js';

export interface User {
  id: string;
  email: string;
  name: string;
}

const CACHED_USER = 'studio:user';

/**
 * Who is signed in. Online, the refresh cookie decides; offline, the last known user is used
 * so boards kept in this browser still open (the server checks again on reconnect).
 */
export function useSession() {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    void (async () => {
      try {
        if (await refreshAccessToken()) {
          const profile = await api<User>('GET', '/auth/user/profile');
          localStorage.setItem(CACHED_USER, JSON.stringify(profile.data));
          setUser(profile.data);
          return;
        }
        localStorage.removeItem(CACHED_USER);
        setUser(null);
      } catch {
        const cached = localStorage.getItem(CACHED_USER);
        setUser(cached ? (JSON.parse(cached) as User) : null);
      }
    })();
  }, []);

  const devSignIn = useCallback(async (email: string, name: string) => {
    const response = await fetch('/auth/dev/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(name ? { email, name } : { email }) });
    const body = (await response.json()) as { data: { user: User; accessToken: string; expiresIn?: number }; error?: { code: string; message: string } };
    if (!response.ok) throw new RequestFailed(response.status, body.error?.code ?? 'HTTP_ERROR', body.error?.message ?? 'Sign-in failed');
    rememberAccessToken(body.data.accessToken, body.data.expiresIn ?? 600);
    localStorage.setItem(CACHED_USER, JSON.stringify(body.data.user));
    setUser(body.data.user);
  }, []);

  const signOut = useCallback(async () => {
    await fetch('/auth/logout', { method: 'POST' }).catch(() => {});
    forgetAccessToken();
    localStorage.removeItem(CACHED_USER);
    setUser(null);
  }, []);

  return { user, devSignIn, signOut };
}
