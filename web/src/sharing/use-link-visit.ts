import { useMemo, useRef } from 'react';
import type { LinkVisit } from '../collab.js';
import type { User } from '../session.js';
import type { LinkOpening, OpenedLink } from './link-types.js';

/** A token with more than this left is handed out as it is: the server asks for a fresh one at most 30 s before expiry. */
const FRESH_ENOUGH_MS = 60_000;

/**
 * The user id a link's access token is for (its `sub`), read without verifying it: the server
 * verifies the token; the page only needs the id to write the visitor's own comments as theirs
 * (the server refuses a comment under anyone else's id). Empty when it cannot be read.
 */
export function subjectOf(accessToken: string): string {
  try {
    const payload = (accessToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const { sub } = JSON.parse(atob(payload)) as { sub?: unknown };
    return typeof sub === 'string' ? sub : '';
  } catch {
    return '';
  }
}

/** The link's identity as the views know the signed-in person: their own comments are "You". */
export function visitorOf(opened: OpenedLink): User {
  return { id: subjectOf(opened.accessToken), email: '', name: 'You' };
}

/**
 * The provider's credential for a link's visitor. Its access token cannot be refreshed (there is
 * no refresh token), so when the server asks for a fresher one, or the socket reconnects late, the
 * link is opened again (with its password, held only in memory): a live link gives a new token for
 * the same identity. A link that no longer opens leaves the old token in place, and the server
 * closes the socket when that ends. `reopen` should be stable: a new one makes a new credential.
 */
export function useLinkVisit(first: OpenedLink, reopen: (carryOn: string) => Promise<LinkOpening>): LinkVisit {
  const held = useRef({ token: first.accessToken, expiresAt: Date.now() + first.expiresIn * 1000, handedOut: false });
  return useMemo(
    () => ({
      token: async () => {
        const current = held.current;
        // The first connection takes the token just opened, however short its life (a link about to expire).
        if (!current.handedOut || current.expiresAt - Date.now() > FRESH_ENOUGH_MS) {
          current.handedOut = true;
          return current.token;
        }
        // The last token carries the visit on: the same session, not another use of the link.
        const again = await reopen(current.token);
        if (!again.ok) return current.token;
        held.current = { token: again.opened.accessToken, expiresAt: Date.now() + again.opened.expiresIn * 1000, handedOut: true };
        return again.opened.accessToken;
      },
    }),
    [reopen],
  );
}
