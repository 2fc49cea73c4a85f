import { z } from 'zod';

/** Who a presence state belongs to: stamped by the server (collab/extensions/presence.ts), so it cannot be forged. */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** Whether someone has an item open to change it, or (a viewer) only to read it. */
export type EditingMode = 'edit' | 'view';

/** What this person publishes in the awareness field `editing`: one item at most, kept tiny. */
export interface EditingMark {
  id: string;
  mode: EditingMode;
}

/** Someone else with an item open: one entry per person and item (a person may have two tabs on two cards). */
export interface EditingPeer {
  user: PresenceUser;
  id: string;
  mode: EditingMode;
}

/** The awareness field this feature owns. */
export const EDITING_FIELD = 'editing';

/** The characters and length of the ids the documents use (documents/{kanban,calendar,pipeline}/schema.ts). */
const itemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

// The server stamps `user` (trusted, so a long name is clipped by CSS, not refused: the person must
// not vanish); everything else in a peer's state is whatever that member sent. The colour goes
// into a style, so it is checked, and a neutral one stands in rather than losing the person.
const presenceUser = z.object({ id: z.string().min(1), name: z.string(), color: z.string().regex(/^#[0-9a-fA-F]{6}$/).catch('#575d6e') });
const editingMark = z.object({ id: itemId, mode: z.enum(['edit', 'view']) });

export interface PeerPresence {
  /** Everyone else here, once per person. */
  peers: PresenceUser[];
  /** Who has which item open, once per person and item. */
  editing: EditingPeer[];
}

/**
 * Reads the other clients' awareness states. A state without a valid `user` is nobody; an
 * `editing` value that is not a short id and a known mode counts as not editing. Never throws.
 */
export function readPeerPresence(states: ReadonlyArray<{ clientId: number } & Record<string, unknown>>, ownClientId: number): PeerPresence {
  const peers = new Map<string, PresenceUser>();
  const editing = new Map<string, EditingPeer>();
  for (const state of states) {
    if (state.clientId === ownClientId) continue;
    const user = presenceUser.safeParse(state.user);
    if (!user.success) continue;
    peers.set(user.data.id, user.data);
    const mark = editingMark.safeParse(state[EDITING_FIELD]);
    if (!mark.success) continue;
    const key = `${user.data.id}\n${mark.data.id}`;
    // Two tabs of one person on one item: editing wins over viewing.
    if (editing.get(key)?.mode !== 'edit') editing.set(key, { user: user.data, ...mark.data });
  }
  return { peers: [...peers.values()], editing: [...editing.values()] };
}

/** Whether two readings show the same: a peer's unrelated awareness change must not re-render every card. */
export function samePresence(a: PeerPresence, b: PeerPresence): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
