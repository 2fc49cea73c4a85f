import { createContext, useContext } from 'react';
import type { EditingPeer } from './editing-state.js';

/** What a document's views need to show and publish who has which item open. */
export interface PresenceTools {
  /** Everyone else's open items (validated). */
  editing: EditingPeer[];
  /** This person now has `id` open. */
  claim: (id: string) => void;
  /** This person closed `id`: cleared only if it is still what they have open, so closing one card never clears the next. */
  release: (id: string) => void;
}

export const PresenceContext = createContext<PresenceTools | null>(null);

/** Null outside a document (a part rendered on its own): nothing is shown or sent. */
export function usePresence(): PresenceTools | null {
  return useContext(PresenceContext);
}
