import { useEffect } from 'react';
import { refreshAccessToken } from '../api.js';
import type { Route } from '../router.js';

/** What the browser reports about its own use: which screens people open, per project. */
interface Pending {
  name: string;
  occurredAt: string;
  properties: Record<string, string>;
}

const FLUSH_EVERY_MS = 20_000;
/** Per batch, as the server takes them. */
const BATCH = 100;
/** Kept while offline; older ones go first past this. */
const KEPT = 300;

const pending = new Map<string, Pending[]>();
let timer: ReturnType<typeof setInterval> | null = null;

function projectOf(route: Route): { projectId: string; name: string; properties: Record<string, string> } | null {
  if (route.page === 'document') {
    // Document names are `<kind>:<projectId>:<id>`.
    const [kind, projectId] = route.name.split(':');
    return projectId ? { projectId, name: 'document.opened', properties: { kind: kind ?? 'unknown' } } : null;
  }
  return 'projectId' in route ? { projectId: route.projectId, name: 'page.viewed', properties: { page: route.page } } : null;
}

async function flush(): Promise<void> {
  for (const [projectId, events] of pending) {
    const batch = events.splice(0, BATCH);
    if (events.length === 0) pending.delete(projectId);
    if (batch.length === 0) continue;
    const send = () => fetch('/api/analytics/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ projectId, events: batch }), keepalive: true }).catch(() => null);
    let response = await send();
    if (response?.status === 401 && (await refreshAccessToken())) response = await send();
    // Offline or the server away: keep them for the next round. Refused (signed out, no longer a
    // member, over the budget): they are dropped, never retried in a loop.
    if (response === null || response.status >= 500) pending.set(projectId, [...batch, ...(pending.get(projectId) ?? [])].slice(-KEPT));
  }
}

/** Counts each screen a signed-in person opens, sent in batches every 20 seconds and when the page is hidden. */
export function useTrackedRoute(route: Route, signedIn: boolean): void {
  useEffect(() => {
    if (!signedIn) return;
    const seen = projectOf(route);
    if (!seen) return;
    const events = pending.get(seen.projectId) ?? [];
    events.push({ name: seen.name, occurredAt: new Date().toISOString(), properties: seen.properties });
    pending.set(seen.projectId, events.slice(-KEPT));
  }, [route, signedIn]);
  useEffect(() => {
    if (!signedIn) return;
    timer ??= setInterval(() => void flush(), FLUSH_EVERY_MS);
    const hidden = () => document.visibilityState === 'hidden' && void flush();
    document.addEventListener('visibilitychange', hidden);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      if (timer) clearInterval(timer);
      timer = null;
    };
  }, [signedIn]);
}

/** At sign-out: what was not sent yet belongs to the person leaving, and must not be sent as anyone. */
export function forgetTrackedEvents(): void {
  pending.clear();
}
