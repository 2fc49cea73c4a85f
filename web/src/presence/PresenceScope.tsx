import { type ReactNode, useCallback, useMemo, useRef } from 'react';
import type { CollabSession } from '../collab.js';
import { PresenceContext, type PresenceTools } from './context.js';

/** Gives every view of one open document (board, calendar, pipeline…) the session's presence. */
export function PresenceScope({ session, children }: { session: Pick<CollabSession, 'editing' | 'setEditing'>; children: ReactNode }) {
  const { editing, setEditing } = session;
  const open = useRef<string | null>(null);
  const claim = useCallback(
    (id: string) => {
      open.current = id;
      setEditing(id);
    },
    [setEditing],
  );
  const release = useCallback(
    (id: string) => {
      if (open.current !== id) return;
      open.current = null;
      setEditing(null);
    },
    [setEditing],
  );
  const tools = useMemo<PresenceTools>(() => ({ editing, claim, release }), [editing, claim, release]);
  return <PresenceContext.Provider value={tools}>{children}</PresenceContext.Provider>;
}
