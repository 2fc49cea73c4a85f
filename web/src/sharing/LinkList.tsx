import { useState } from 'react';
import { sinceText, useNow } from '../time-text.js';
import type { ShareLink } from './link-types.js';
import { linkTimeText } from './link-time.js';
import { revokeShareLink } from './links-api.js';
import type { SharingTarget } from './types.js';
import { LINK_ROLE_LABEL, linkErrorText } from './words.js';

type LinkState = 'live' | 'expired' | 'revoked';

function stateOf(link: ShareLink, now: number): LinkState {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt && new Date(link.expiresAt).getTime() <= now ? 'expired' : 'live';
}

/** When it ends (or ended), how often it was used and when last. */
function lifeText(link: ShareLink, state: LinkState, now: number): string {
  const end =
    state === 'revoked' && link.revokedAt
      ? `Revoked ${sinceText(link.revokedAt, now, linkTimeText)}`
      : link.expiresAt
        ? `${state === 'expired' ? 'Expired' : 'Expires'} ${linkTimeText(link.expiresAt)}`
        : 'Never expires';
  const uses = link.uses === 0 ? 'never used' : `used ${link.uses === 1 ? 'once' : `${link.uses} times`}, last ${link.lastUsedAt ? sinceText(link.lastUsedAt, now, linkTimeText) : 'at an unknown time'}`;
  return `${end} · ${uses}`;
}

/** The document's links, newest first: what each lets its visitors do and for how long; Revoke on each live one. */
export function LinkList({ target, links, onChanged }: { target: SharingTarget; links: ShareLink[]; onChanged: (link: ShareLink) => void }) {
  const now = useNow();
  if (links.length === 0) {
    return (
      <p className="muted small" data-testid="share-no-links">
        No links to this document yet.
      </p>
    );
  }
  return (
    <ul className="share-grants share-links-list" aria-label="Links" data-testid="share-link-list">
      {links.map((link) => {
        const state = stateOf(link, now);
        return (
          <li key={link.id} className="share-grant share-link" data-testid="share-link" data-state={state}>
            <span className="share-grant-who">
              <strong>{link.label}</strong> · {LINK_ROLE_LABEL[link.role]} · {link.hasPassword ? 'Password' : 'No password'}
              {state !== 'live' && <span className="share-link-ended"> {state === 'revoked' ? 'Revoked' : 'Expired'}</span>}
              <small className="muted share-link-life">{lifeText(link, state, now)}</small>
            </span>
            {state === 'live' && <RevokeLink target={target} link={link} onRevoked={onChanged} />}
          </li>
        );
      })}
    </ul>
  );
}

/** Revoke, asked first in place: it ends the link for everyone who has it, and their open pages close. */
function RevokeLink({ target, link, onRevoked }: { target: SharingTarget; link: ShareLink; onRevoked: (link: ShareLink) => void }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    setBusy(true);
    try {
      onRevoked(await revokeShareLink(target, link.id));
    } catch (caught) {
      setError(linkErrorText('Not revoked', caught));
      setBusy(false);
    }
  };
  if (!asking) {
    return (
      <button type="button" className="button small" aria-label={`Revoke ${link.label}`} onClick={() => setAsking(true)}>
        Revoke
      </button>
    );
  }
  return (
    <div className="confirm share-link-confirm" role="group" aria-label={`Revoke ${link.label}?`}>
      <p>Revoke “{link.label}”? It stops opening this document for everyone who has it, and pages open through it close at once.</p>
      {error && (
        <p className="error" role="alert" data-testid="link-revoke-error">
          {error}
        </p>
      )}
      <div className="confirm-buttons">
        <button type="button" className="button danger" disabled={busy} onClick={() => void revoke()}>
          Revoke link
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => setAsking(false)}>
          Keep
        </button>
      </div>
    </div>
  );
}
