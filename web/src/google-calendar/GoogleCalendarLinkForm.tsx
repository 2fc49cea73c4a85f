import { type FormEvent, useEffect, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { href } from '../router.js';
import type { CalendarDocument, GoogleAccount, GoogleCalendar, GoogleCalendarLink } from './types.js';

export interface LinkDraft {
  documentId: string;
  accountId: string;
  googleCalendarId: string;
}

/** The Google calendars of one account, or why they could not be listed. */
interface Loaded {
  accountId: string;
  calendars: GoogleCalendar[] | null;
  error: string | null;
}

/**
 * Links one of the project's content calendars (not linked yet) with a Google calendar of one of
 * the person's connected accounts; the account's calendars are listed once it is chosen. A refusal
 * (already linked, recurring events, no write access) is shown as the server words it.
 */
export function GoogleCalendarLinkForm({
  projectId,
  documents,
  accounts,
  links,
  onLink,
}: {
  projectId: string;
  /** The project's content calendars (null while loading). */
  documents: CalendarDocument[] | null;
  accounts: GoogleAccount[] | null;
  links: GoogleCalendarLink[];
  /** Creates the link; throws when refused. */
  onLink: (draft: LinkDraft) => Promise<void>;
}) {
  const [documentId, setDocumentId] = useState('');
  const [accountId, setAccountId] = useState('');
  const [calendarId, setCalendarId] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  const linkedDocuments = new Set(links.map((link) => link.documentId));
  const linkedCalendars = new Set(links.map((link) => link.googleCalendarId));
  const available = (documents ?? []).filter((doc) => !linkedDocuments.has(doc.id));
  const usable = (accounts ?? []).filter((account) => account.status === 'active');
  // One usable account is chosen for the person; a choice that went away (linked meanwhile, disconnected) is dropped.
  const account = usable.some((a) => a.id === accountId) ? accountId : usable.length === 1 ? usable[0]!.id : '';
  const chosenDocument = available.some((doc) => doc.id === documentId) ? documentId : '';
  const listed = loaded?.accountId === account ? loaded : null;
  const calendar = listed?.calendars?.some((c) => c.id === calendarId && !linkedCalendars.has(c.id)) ? calendarId : '';

  useEffect(() => {
    if (!account) return;
    let current = true;
    api<GoogleCalendar[]>('GET', `/api/google-calendar/accounts/${encodeURIComponent(account)}/calendars`).then(
      (reply) => current && setLoaded({ accountId: account, calendars: [...reply.data].sort((a, b) => Number(b.primary) - Number(a.primary) || a.summary.localeCompare(b.summary)), error: null }),
      (failure: unknown) => current && setLoaded({ accountId: account, calendars: null, error: failureText(failure, 'Could not list the Google calendars') }),
    );
    return () => {
      current = false;
    };
  }, [account, attempt]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosenDocument || !account || !calendar) return;
    setBusy(true);
    setError(null);
    try {
      await onLink({ documentId: chosenDocument, accountId: account, googleCalendarId: calendar });
      setDocumentId('');
      setCalendarId('');
    } catch (failure) {
      setError({ code: failure instanceof RequestFailed ? failure.code : 'ERROR', message: failureText(failure) });
    } finally {
      setBusy(false);
    }
  };

  if (documents === null || accounts === null) return <p className="muted">Loading…</p>;
  if (documents.length === 0) {
    return (
      <p className="muted" data-testid="google-link-empty">
        This project has no content calendar yet. Create one on the <a href={href.project(projectId)}>project page</a>, then link it here.
      </p>
    );
  }
  if (available.length === 0) {
    return (
      <p className="muted" data-testid="google-link-empty">
        Every content calendar of this project is linked. Unlink one to link it with another Google calendar.
      </p>
    );
  }
  if (accounts.length === 0) {
    return (
      <p className="muted" data-testid="google-link-empty">
        Connect a Google account above first; then choose which of its calendars to link.
      </p>
    );
  }

  return (
    <form className="card-form panel" data-testid="google-link-form" aria-label="Link a calendar" onSubmit={(event) => void submit(event)}>
      <label>
        Content calendar
        <select name="google-link-document" required value={chosenDocument} onChange={(e) => setDocumentId(e.target.value)}>
          <option value="">Choose a content calendar…</option>
          {available.map((doc) => (
            <option key={doc.id} value={doc.id}>
              {doc.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Google account
        <select
          name="google-link-account"
          required
          value={account}
          onChange={(e) => {
            setAccountId(e.target.value);
            setCalendarId('');
          }}
        >
          <option value="">Choose an account…</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id} disabled={a.status !== 'active'}>
              {a.status === 'active' ? a.email : `${a.email} (reconnect it first)`}
            </option>
          ))}
        </select>
      </label>
      <label>
        Google calendar
        <select name="google-link-calendar" required disabled={!listed?.calendars} value={calendar} onChange={(e) => setCalendarId(e.target.value)} aria-busy={Boolean(account) && !listed}>
          <option value="">{!account ? 'Choose an account first' : !listed ? 'Loading the account’s calendars…' : !listed.calendars ? 'Could not list the calendars' : listed.calendars.length === 0 ? 'This account has no calendars' : 'Choose a Google calendar…'}</option>
          {listed?.calendars?.map((c) => (
            <option key={c.id} value={c.id} disabled={linkedCalendars.has(c.id)}>
              {`${c.summary}${c.primary ? ' (primary)' : ''} · ${c.timeZone}${linkedCalendars.has(c.id) ? ' (already linked)' : ''}`}
            </option>
          ))}
        </select>
      </label>
      {listed?.error && (
        <p className="error" role="alert">
          {listed.error}{' '}
          <button type="button" className="link" onClick={() => {
              setLoaded(null);
              setAttempt(attempt + 1);
            }}>
            Try again
          </button>
        </p>
      )}
      <p className="muted small">Events copy both ways: changes made here appear in Google, and changes made in Google appear here. Recurring Google events are not synced.</p>
      {error && (
        <p className="error" role="alert" data-testid="google-link-error" data-code={error.code}>
          {error.message}
        </p>
      )}
      <div className="inline-form">
        <button className="button primary" type="submit" disabled={busy || !chosenDocument || !account || !calendar}>
          {busy ? 'Linking…' : 'Link calendars'}
        </button>
      </div>
    </form>
  );
}
