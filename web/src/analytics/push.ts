import { z } from 'zod';

/**
 * "This project's numbers changed": the server sends `{type: 'dashboard', projectId}` on open
 * document connections of the project's members (collab/extensions/dashboard-push.ts) after a
 * rollup, an import or a vote. It carries no numbers: an open dashboard fetches them again.
 */
const pushedChange = z.object({ type: z.literal('dashboard'), projectId: z.string() });

type Listener = (projectId: string) => void;
const listeners = new Set<Listener>();

export function onDashboardPush(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A stateless message of type 'dashboard', from any connection; a malformed one is dropped. */
export function receiveDashboard(message: unknown): void {
  const parsed = pushedChange.safeParse(message);
  if (parsed.success) listeners.forEach((listener) => listener(parsed.data.projectId));
}
