import { type ReactNode, useEffect, useState } from 'react';
import type { CollabSession, PresenceUser } from '../collab.js';
import { useOnline } from '../projects/offline-copy.js';

const SAVE_LABEL = { saved: 'Saved', saving: 'Saving…', offline: 'Offline', connecting: 'Connecting…' } as const;
/** How long a freshly opened document may take to connect before it is called offline. */
const CONNECT_GRACE_MS = 1500;
/** More peers than this: the first few by name, the rest as "+N". */
const MAX_PEERS_SHOWN = 4;
const PEERS_SHOWN_WHEN_COLLAPSED = 3;

/**
 * "Connecting…" rather than "Offline" while a document just opened has not connected yet: for
 * its first moments, unless the browser already says it has no network or it was connected before.
 */
function useConnecting(session: CollabSession): boolean {
  const online = useOnline();
  const [graceOver, setGraceOver] = useState(false);
  const [wasConnected, setWasConnected] = useState(false);
  useEffect(() => {
    setGraceOver(false);
    setWasConnected(false);
    const timer = setTimeout(() => setGraceOver(true), CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, [session.doc]);
  useEffect(() => {
    if (session.online) setWasConnected(true);
  }, [session.online]);
  return session.save === 'offline' && !session.online && online && !graceOver && !wasConnected;
}

/** Saved / Saving / Offline from the server's saved signal, who else is here, and our access; `actions` (History) beside them. */
export function StatusBar({ session, actions }: { session: CollabSession; actions?: ReactNode }) {
  const state = useConnecting(session) ? 'connecting' : session.save;
  return (
    <div className="status-bar">
      <span className={`save save-${state}`} data-testid="save-state" data-state={state}>
        {SAVE_LABEL[state]}
        {/* Only where this browser keeps a copy (never for a share link's visitor). */}
        {state === 'offline' && session.local && <small> · changes are kept on this device</small>}
      </span>
      {session.access === 'readonly' && (
        <span className="badge" data-testid="readonly">
          View only
        </span>
      )}
      {actions}
      <span className="spacer" />
      <Peers peers={session.peers} />
    </div>
  );
}

const initialOf = (name: string) => (name.trim().slice(0, 1) || '?').toUpperCase();

/** Everyone else here: a coloured circle and the name each; when many, the first few and "+N". */
function Peers({ peers }: { peers: PresenceUser[] }) {
  const shown = peers.length > MAX_PEERS_SHOWN ? peers.slice(0, PEERS_SHOWN_WHEN_COLLAPSED) : peers;
  const hidden = peers.slice(shown.length);
  const names = (list: PresenceUser[]) => list.map((peer) => peer.name).join(', ');
  return (
    <ul className="peers" data-testid="peers" aria-label={peers.length === 0 ? 'Nobody else is here' : `Also here: ${names(peers)}`}>
      {shown.map((peer) => (
        <li key={peer.id} className="peer" data-testid="peer" title={peer.name} aria-label={peer.name}>
          <span className="avatar" aria-hidden="true" style={{ background: peer.color }}>
            {initialOf(peer.name)}
          </span>
          <span className="peer-name">{peer.name}</span>
        </li>
      ))}
      {hidden.length > 0 && (
        <li className="peer peer-more" data-testid="peers-more" title={names(hidden)} aria-label={`and ${hidden.length} more: ${names(hidden)}`}>
          +{hidden.length}
        </li>
      )}
    </ul>
  );
}

const CLOSED_MESSAGE: Record<string, string> = {
  'access-revoked': 'Your access to this project was removed.',
  /** Not a server reason: 'access-revoked' while still a member means an owner hid this document from them. */
  'document-hidden': 'You no longer have access to this document.',
  /** Not a server reason either: 'access-revoked' for a guest means the owner took their invitation back. */
  'guest-access-ended': 'Your access to this shared document has ended.',
  forbidden: 'You are not a member of this project.',
  'document-not-found': 'This document does not exist or was archived.',
  'not-found': 'This project does not exist.',
  'token-expired': 'Your session expired. Sign in again.',
  unauthorized: 'Sign in to open this document.',
};

export function AccessMessage({ reason }: { reason: string | null }) {
  return (
    <div className="access-message" data-testid="access-message" role="alert">
      {CLOSED_MESSAGE[reason ?? ''] ?? `This document cannot be opened (${reason ?? 'closed'}).`}
      <a href="#/">Back to projects</a>
    </div>
  );
}
