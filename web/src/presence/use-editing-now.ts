import { useMemo } from 'react';
import { usePresence } from './context.js';
import type { EditingPeer } from './editing-state.js';

/** The other people who have item `id` open now, those editing before those only viewing. */
export function useEditingNow(id: string): EditingPeer[] {
  const editing = usePresence()?.editing;
  return useMemo(() => {
    const here = (editing ?? []).filter((peer) => peer.id === id);
    return [...here.filter((peer) => peer.mode === 'edit'), ...here.filter((peer) => peer.mode === 'view')];
  }, [editing, id]);
}
