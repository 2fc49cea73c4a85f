import { useEffect, useState } from 'react';
import { ACCOUNT_STATUS_LABEL, type GoogleAccount, type GoogleCalendarLink, localTime } from './types.js';

/**
 * The signed-in person's Google accounts: connect one (or reconnect one Google stopped accepting),
 * disconnect one. Connecting leaves the page for Google's consent screen.
 */
export function GoogleAccounts({
  accounts,
  links,
  onConnect,
  onDisconnect,
}: {
  accounts: GoogleAccount[] | null;
  /** This project's links, to say which stop when an account goes. */
  links: GoogleCalendarLink[];
  onConnect: () => Promise<void>;
  onDisconnect: (account: GoogleAccount) => Promise<void>;
}) {
  const [leaving, setLeaving] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  // Back from Google's screen, the browser may show this page as it was left: the buttons work again.
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => event.persisted && setLeaving(false);
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);

  const connect = () => {
    setLeaving(true);
    void onConnect().catch(() => setLeaving(false));
  };
  const disconnect = async (account: GoogleAccount) => {
    const linked = links.filter((link) => link.accountId === account.id).length;
    const stops = linked > 0 ? ` ${linked} linked calendar${linked === 1 ? '' : 's'} of this project (and any elsewhere) stop syncing.` : ' Calendars linked through it stop syncing.';
    if (!confirm(`Disconnect ${account.email}?${stops}`)) return;
    setBusy(account.id);
    try {
      await onDisconnect(account);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="google-accounts-heading">
      <div className="page-head">
        <h2 id="google-accounts-heading">Your Google accounts</h2>
        <span className="spacer" />
        <button className="button primary" data-testid="google-connect" disabled={leaving} onClick={connect}>
          {leaving ? 'Opening Google…' : 'Connect Google Calendar'}
        </button>
      </div>
      {accounts === null && <p className="muted">Loading…</p>}
      {accounts?.length === 0 && (
        <p className="muted" data-testid="google-accounts-empty">
          No Google account connected yet. Connect one to link this project’s content calendars with your Google calendars; Google asks you to allow it.
        </p>
      )}
      {accounts && accounts.length > 0 && (
        <ul className="integrations">
          {accounts.map((account) => (
            <li key={account.id} className={`panel google-account status-${account.status}`} data-testid="google-account" data-email={account.email} data-status={account.status}>
              <div className="integration-head">
                <strong>{account.email}</strong>
                <span className={`state state-${account.status}`} data-testid="google-account-status">
                  {ACCOUNT_STATUS_LABEL[account.status] ?? account.status}
                </span>
                <span className="spacer" />
                {account.status === 'needs-reconnect' && (
                  <button className="button" data-testid="google-reconnect" disabled={leaving} onClick={connect} aria-label={`Reconnect ${account.email}`}>
                    Reconnect
                  </button>
                )}
                <button
                  className="link danger"
                  data-testid="google-disconnect"
                  disabled={busy === account.id}
                  onClick={() => void disconnect(account)}
                  aria-label={`Disconnect ${account.email}`}
                >
                  {busy === account.id ? 'Disconnecting…' : 'Disconnect'}
                </button>
              </div>
              {account.status === 'needs-reconnect' && (
                <p className="error">
                  Google no longer accepts this connection{account.lastError ? `: ${account.lastError}` : ''}. Its calendars stop syncing until you reconnect it (sign in to Google as {account.email} again).
                </p>
              )}
              {account.status === 'active' && account.lastError && <p className="error small">{account.lastError}</p>}
              <p className="muted small">Connected {localTime(account.connectedAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
