import { type RefObject, useEffect, useState } from 'react';
import { usePresence } from './context.js';

/**
 * Tells the others this person has item `id` open while it is not null; clears it when it becomes
 * null or the caller unmounts (closing the editor, leaving the page). The awareness update goes
 * out only when the id changes, never per keystroke.
 */
export function usePublishEditing(id: string | null): void {
  const presence = usePresence();
  const claim = presence?.claim;
  const release = presence?.release;
  useEffect(() => {
    if (id === null || !claim || !release) return;
    claim(id);
    return () => release(id);
  }, [id, claim, release]);
}

/**
 * Whether this person is still at an open item: true when it opens, false once they press or
 * focus something outside `area` (clicking the board around it, tabbing away), true again when
 * they come back into it. Switching to another window changes nothing: they are still there.
 */
export function useStillAt(area: RefObject<HTMLElement | null>, open: boolean): boolean {
  const [here, setHere] = useState(true);
  useEffect(() => {
    if (!open) return;
    setHere(true);
    const follow = (event: Event) => {
      const target = event.target;
      setHere(target instanceof Node && area.current !== null && area.current.contains(target));
    };
    document.addEventListener('focusin', follow, true);
    document.addEventListener('pointerdown', follow, true);
    return () => {
      document.removeEventListener('focusin', follow, true);
      document.removeEventListener('pointerdown', follow, true);
    };
  }, [area, open]);
  return open && here;
}
