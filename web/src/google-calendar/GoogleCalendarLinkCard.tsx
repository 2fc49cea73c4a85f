import { useState } from 'react';
import { href } from '../router.js';
import { type GoogleCalendarLink, LINK_STATUS_LABEL, localTime, sinceText } from './types.js';

/** Conflicts shown before "Show all". */
const FEW = 5;

/**
 * One content calendar ⇄ Google calendar link: its state, when it last synced, how Google's changes
 * arrive, the events changed on both sides (and which change was kept), and Sync now / Unlink for
 * members who can write.
 */
export function GoogleCalendarLinkCard({
  link,
  canWrite,
  onSync,
  onUnlink,
}: {
  link: GoogleCalendarLink;
  canWrite: boolean;
  onSync: (link: GoogleCalendarLink) => Promise<void>;
  onUnlink: (link: GoogleCalendarLink) => Promise<void>;
}) {
  const [busy, setBusy] = useState<'sync' | 'unlink' | null>(null);
  const [allConflicts, setAllConflicts] = useState(false);

  const run = async (what: 'sync' | 'unlink', fn: () => Promise<void>) => {
    setBusy(what);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  };
  const unlink = () => {
    if (!confirm(`Stop syncing “${link.documentTitle}” with the Google calendar “${link.googleCalendarSummary}” (${link.accountEmail})?`)) return;
    void run('unlink', () => onUnlink(link));
  };

  const conflicts = [...link.conflicts].sort((a, b) => b.at.localeCompare(a.at));
  const shown = allConflicts ? conflicts : conflicts.slice(0, FEW);
  const pair = `${link.documentTitle} and ${link.googleCalendarSummary}`;

  return (
    <li className={`panel google-link status-${link.status}`} data-testid="google-link" data-document={link.documentName} data-google-calendar={link.googleCalendarId} data-status={link.status}>
      <div className="integration-head">
        <strong>
          <a href={href.document(link.documentName)}>{link.documentTitle}</a>
        </strong>
        <span role="img" aria-label="synced with">⇄</span>
        <span>
          {link.googleCalendarSummary} <span className="muted">({link.accountEmail})</span>
        </span>
        <span className={`state state-${link.status}`} data-testid="google-link-status" data-status={link.status}>
          {LINK_STATUS_LABEL[link.status] ?? link.status}
        </span>
        <span className="spacer" />
        {canWrite && (
          <>
            <button
              className="button"
              data-testid="google-sync-now"
              aria-label={`Sync ${pair} now`}
              disabled={busy !== null || link.status === 'needs-reconnect'}
              title={link.status === 'needs-reconnect' ? `Reconnect ${link.accountEmail} first` : undefined}
              onClick={() => void run('sync', () => onSync(link))}
            >
              {busy === 'sync' ? 'Syncing…' : 'Sync now'}
            </button>
            <button className="link danger" data-testid="google-unlink" aria-label={`Unlink ${pair}`} disabled={busy !== null} onClick={unlink}>
              {busy === 'unlink' ? 'Unlinking…' : 'Unlink'}
            </button>
          </>
        )}
      </div>
      {link.status === 'needs-reconnect' && <p className="error">Google no longer accepts the connection to {link.accountEmail}: reconnect it above to resume syncing.</p>}
      {link.lastError && (
        <p className="error small" data-testid="google-link-error-text">
          {link.lastError}
        </p>
      )}
      <p className="muted small">
        {link.lastSyncedAt ? (
          <>
            Last synced{' '}
            <time dateTime={link.lastSyncedAt} title={localTime(link.lastSyncedAt)} data-testid="google-last-synced">
              {sinceText(link.lastSyncedAt)}
            </time>
          </>
        ) : (
          <span data-testid="google-last-synced">Never synced</span>
        )}
        {' · '}
        {link.updates === 'push' ? 'Google pushes its changes as they happen' : 'Google’s changes are checked every few minutes (polling)'}
      </p>
      {link.recurringSkipped > 0 && (
        <p className="muted small" data-testid="google-recurring-skipped">
          {link.recurringSkipped} recurring Google event{link.recurringSkipped === 1 ? ' was' : 's were'} skipped: recurring events are not synced.
        </p>
      )}
      {conflicts.length > 0 && (
        <div className="google-conflicts" data-testid="google-conflicts">
          <h3>Changed in Google and here</h3>
          <ul>
            {shown.map((conflict) => (
              <li key={`${conflict.eventId}-${conflict.at}`} data-testid="google-conflict" data-winner={conflict.winner}>
                <strong>{conflict.title || 'Untitled event'}</strong>
                {conflict.fields.length > 0 && <span className="muted"> · {conflict.fields.join(', ')}</span>}
                {' · '}
                {conflict.winner === 'google' ? 'kept Google’s change' : 'kept the change made here'}{' '}
                <time className="muted" dateTime={conflict.at} title={localTime(conflict.at)}>
                  {sinceText(conflict.at)}
                </time>
              </li>
            ))}
          </ul>
          {conflicts.length > FEW && (
            <button className="link small" aria-expanded={allConflicts} onClick={() => setAllConflicts(!allConflicts)}>
              {allConflicts ? 'Show fewer' : `Show all ${conflicts.length}`}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
