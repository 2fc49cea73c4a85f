import { useCallback, useEffect, useRef, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { GoogleAccounts } from '../google-calendar/GoogleAccounts.js';
import { GoogleCalendarLinkCard } from '../google-calendar/GoogleCalendarLinkCard.js';
import { GoogleCalendarLinkForm, type LinkDraft } from '../google-calendar/GoogleCalendarLinkForm.js';
import { type CalendarDocument, type GoogleAccount, type GoogleCalendarLink, connectGoogleAccount } from '../google-calendar/types.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';

/** Links change in the background (a sync ran, Google refused a token): reloaded this often while the page is open. */
const REFRESH_MS = 10_000;
const PAGE_SIZE = 100;

/**
 * A list the page shows, from `load` (null: not to be loaded). The latest call's answer wins, so a
 * slow background reload never overwrites a newer one; a failed reload keeps what was shown.
 */
function useList<T>(load: (() => Promise<T[]>) | null, what: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    if (!load) return;
    const call = ++latest.current;
    try {
      const loaded = await load();
      if (call !== latest.current) return;
      setItems(loaded);
      setError(null);
    } catch (failure) {
      if (call === latest.current) setError(failureText(failure, `Could not load ${what}`));
    }
  }, [load, what]);
  useEffect(() => {
    void reload();
    return () => {
      latest.current++;
    };
  }, [reload]);
  return { items, error, reload };
}

/** Calls the API for its effect: a 2xx without a body (202 Accepted, 204) is success too. */
async function call(method: string, path: string): Promise<void> {
  try {
    await api<unknown>(method, path);
  } catch (failure) {
    if (failure instanceof RequestFailed && failure.status >= 200 && failure.status < 300) return;
    throw failure;
  }
}

/**
 * Two-way sync of the project's content calendars with Google Calendar: the person's Google
 * accounts, the project's links (state, last sync, conflicts), and a form to link one more.
 */
export function GoogleCalendarPage({ projectId, connected, oauthError }: { projectId: string; connected: boolean; oauthError: string | null }) {
  const { project, error: projectError, canWrite } = useProject(projectId);
  const [error, setError] = useState<string | null>(oauthError !== null ? `Google Calendar was not connected: ${oauthError}` : null);
  const [notice, setNotice] = useState<string | null>(connected ? 'Google account connected: its calendars can now be linked with the project’s content calendars.' : null);
  const base = `/api/projects/${encodeURIComponent(projectId)}`;
  const linksPath = `${base}/google-calendar-links`;

  // What Google sent back is shown once: a reload of the page does not show it again.
  useEffect(() => {
    if (connected || oauthError !== null) history.replaceState(history.state, '', href.googleCalendar(projectId));
  }, [connected, oauthError, projectId]);

  const loadAccounts = useCallback(async () => (await api<GoogleAccount[]>('GET', '/api/google-calendar/accounts')).data, []);
  const loadLinks = useCallback(async () => (await api<GoogleCalendarLink[]>('GET', linksPath)).data, [linksPath]);
  const loadDocuments = useCallback(async () => {
    const all: CalendarDocument[] = [];
    for (let page = 1; page <= 20; page++) {
      const reply = await api<CalendarDocument[]>('GET', `${base}/documents?kind=calendar&limit=${PAGE_SIZE}&page=${page}`);
      all.push(...reply.data);
      if (reply.data.length < PAGE_SIZE || all.length >= (reply.meta?.total ?? 0)) break;
    }
    return all.filter((doc) => doc.kind === 'calendar');
  }, [base]);

  const accounts = useList(loadAccounts, 'your Google accounts');
  const links = useList(canWrite ? loadLinks : null, 'the linked calendars');
  const documents = useList(canWrite ? loadDocuments : null, 'the project’s content calendars');
  const reloadLinks = links.reload;
  const reloadAccounts = accounts.reload;
  const refresh = useCallback(() => Promise.all([reloadLinks(), reloadAccounts()]), [reloadLinks, reloadAccounts]);

  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  /** Runs an action, says what it did or why it was refused, then reloads what it changed. */
  const act = async (fn: () => Promise<string>) => {
    setError(null);
    setNotice(null);
    try {
      setNotice(await fn());
    } catch (failure) {
      setError(failureText(failure));
    } finally {
      await refresh();
    }
  };
  const linkPath = (link: GoogleCalendarLink) => `${linksPath}/${encodeURIComponent(link.id)}`;
  const sync = (link: GoogleCalendarLink) =>
    act(async () => {
      await call('POST', `${linkPath(link)}/sync`);
      return `Syncing “${link.documentTitle}” with “${link.googleCalendarSummary}”: its last sync time changes here when it is done.`;
    });
  const unlink = (link: GoogleCalendarLink) =>
    act(async () => {
      await call('DELETE', linkPath(link));
      return `“${link.documentTitle}” is no longer synced with “${link.googleCalendarSummary}”.`;
    });
  const disconnect = (account: GoogleAccount) =>
    act(async () => {
      await call('DELETE', `/api/google-calendar/accounts/${encodeURIComponent(account.id)}`);
      return `${account.email} disconnected.`;
    });
  /** The form shows a refusal itself, so this throws it on. */
  const link = async (draft: LinkDraft) => {
    setError(null);
    setNotice(null);
    try {
      const created = await api<GoogleCalendarLink>('POST', linksPath, draft);
      setNotice(`“${created.data.documentTitle}” is now synced with “${created.data.googleCalendarSummary}”. The first sync runs in the background.`);
    } finally {
      await refresh();
    }
  };

  const loadErrors = [accounts.error, links.error, documents.error].filter((text): text is string => text !== null);

  return (
    <section className="page" data-testid="google-calendar-page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <h1>Google Calendar</h1>
      <p className="muted">Keep a content calendar and a Google calendar in step: events added, moved or changed on either side appear on the other.</p>
      {projectError && <p className="error">{projectError}</p>}
      {error && (
        <p className="error" role="alert" data-testid="google-calendar-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status" data-testid="google-calendar-notice">
          {notice}
        </p>
      )}
      {loadErrors.map((text) => (
        <p key={text} className="error">
          {text}
        </p>
      ))}

      <GoogleAccounts accounts={accounts.items} links={links.items ?? []} onConnect={() => connectGoogleAccount(projectId)} onDisconnect={disconnect} />

      {project && !canWrite && <p className="muted">Only members who can edit this project’s documents link its content calendars with Google Calendar.</p>}
      {canWrite && (
        <>
          <h2>Linked calendars</h2>
          {links.items === null && !links.error && <p className="muted">Loading…</p>}
          {links.items?.length === 0 && (
            <p className="muted" data-testid="google-links-empty">
              No content calendar of this project is synced with Google yet.{' '}
              {accounts.items?.length ? 'Link one with the form below.' : 'Connect a Google account, then link a content calendar with the form below.'}
            </p>
          )}
          {links.items && links.items.length > 0 && (
            <ul className="integrations">
              {links.items.map((item) => (
                <GoogleCalendarLinkCard key={item.id} link={item} canWrite={canWrite} onSync={sync} onUnlink={unlink} />
              ))}
            </ul>
          )}
          <h2>Link a calendar</h2>
          <GoogleCalendarLinkForm
            projectId={projectId}
            documents={links.items === null ? null : documents.items}
            accounts={accounts.items}
            links={links.items ?? []}
            onLink={link}
          />
        </>
      )}
    </section>
  );
}
