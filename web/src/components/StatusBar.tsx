import type { CollabSession } from '../collab.js';

const SAVE_LABEL = { saved: 'Saved', saving: 'Saving…', offline: 'Offline' } as const;

/** Saved / Saving / Offline from the server's saved signal, who else is here, and our access. */
export function StatusBar({ session }: { session: CollabSession }) {
  return (
    <div className="status-bar">
      <span className={`save save-${session.save}`} data-testid="save-state" data-state={session.save}>
        {SAVE_LABEL[session.save]}
        {session.save === 'offline' && <small> · changes are kept on this device</small>}
      </span>
      {session.access === 'readonly' && (
        <span className="badge" data-testid="readonly">
          View only
        </span>
      )}
      <span className="spacer" />
      <span className="peers" data-testid="peers">
        {session.peers.map((peer) => (
          <span key={peer.id} className="avatar" title={peer.name} style={{ background: peer.color }}>
            {peer.name.slice(0, 1).toUpperCase()}
          </span>
        ))}
      </span>
    </div>
  );
}

const CLOSED_MESSAGE: Record<string, string> = {
  'access-revoked': 'Your access to this project was removed.',
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
