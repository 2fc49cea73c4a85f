import { type FormEvent, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useCollab } from '../collab.js';
import { StatusBar } from '../components/StatusBar.js';
import { MeContext } from '../me.js';
import type { LinkOpening, OpenedLink } from '../sharing/link-types.js';
import { openShareLink } from '../sharing/links-api.js';
import { useLinkVisit, visitorOf } from '../sharing/use-link-visit.js';
import { LINK_ROLE_LABEL } from '../sharing/words.js';
import { DocumentViews } from './DocumentViews.js';

type Step =
  | { step: 'opening' }
  /** The link has a password: asked for, with what was wrong with the last one tried. */
  | { step: 'password'; problem: string | null }
  | { step: 'refused'; message: string; retry: boolean }
  /** `password` is kept in memory only, to open the link again for a fresh token. */
  | { step: 'open'; opened: OpenedLink; password: string | undefined };

const NOT_FOUND = 'This link does not open anything (it may have expired or been revoked).';
const RATE_LIMITED = 'Too many tries from here: wait a minute, then try again.';
const UNREACHABLE = 'The server could not be reached. Try again when you are online.';

/** Where an answer to opening the link leads; `password` is what was tried, if anything. */
function stepAfter(opening: LinkOpening, password: string | undefined): Step {
  if (opening.ok) return { step: 'open', opened: opening.opened, password };
  const tried = password !== undefined;
  switch (opening.refusal) {
    case 'password-required':
      return { step: 'password', problem: tried ? 'Enter the password of this link.' : null };
    case 'password-wrong':
      return { step: 'password', problem: 'That is not the password of this link.' };
    case 'not-found':
      return { step: 'refused', message: NOT_FOUND, retry: false };
    case 'rate-limited':
      return tried ? { step: 'password', problem: RATE_LIMITED } : { step: 'refused', message: RATE_LIMITED, retry: true };
    case 'unreachable':
      return tried ? { step: 'password', problem: UNREACHABLE } : { step: 'refused', message: UNREACHABLE, retry: true };
  }
}

/**
 * `#/link/<token>`: a share link's visitor, signed in or not, opens its one document. Nothing of
 * the visit is stored in the browser, and a signed-in person's session is left as it was: the
 * link's access token goes only to this page's connection.
 */
export function LinkPage({ token }: { token: string }) {
  const [step, setStep] = useState<Step>({ step: 'opening' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setStep({ step: 'opening' });
    void openShareLink(token).then((opening) => live && setStep(stepAfter(opening, undefined)));
    return () => {
      live = false;
    };
  }, [token, attempt]);
  const retry = () => setAttempt((count) => count + 1);
  const tryPassword = async (password: string) => setStep(stepAfter(await openShareLink(token, password), password));
  return (
    <LinkFrame>
      {step.step === 'opening' && (
        <p className="page loading" role="status">
          Opening the link…
        </p>
      )}
      {step.step === 'password' && <LinkPassword problem={step.problem} onSubmit={tryPassword} />}
      {step.step === 'refused' && <LinkProblem title="Nothing to open" message={step.message} onRetry={step.retry ? retry : null} />}
      {step.step === 'open' && <LinkDocument token={token} opened={step.opened} password={step.password} onRetry={retry} />}
    </LinkFrame>
  );
}

/** The page around a visit: the brand alone, since nothing else of the app is the visitor's. */
function LinkFrame({ children }: { children: ReactNode }) {
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Studio</span>
      </header>
      <main>{children}</main>
    </div>
  );
}

function LinkProblem({ title, message, onRetry }: { title: string; message: string; onRetry: (() => void) | null }) {
  return (
    <section className="page">
      <div className="page-problem" role="alert" data-testid="link-problem">
        <h1>{title}</h1>
        <p>{message}</p>
        {onRetry && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    </section>
  );
}

function LinkPassword({ problem, onSubmit }: { problem: string | null; onSubmit: (password: string) => Promise<void> }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || !password) return;
    setBusy(true);
    try {
      await onSubmit(password);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="page">
      <form className="link-password" data-testid="link-password" aria-labelledby="link-password-heading" onSubmit={(event) => void submit(event)}>
        <h1 id="link-password-heading">This link needs its password</h1>
        <p className="muted">Whoever shared it with you can tell you the password.</p>
        <label>
          Password
          <input type="password" name="link-password" autoComplete="off" required autoFocus value={password} onChange={(change) => setPassword(change.target.value)} />
        </label>
        {problem && (
          <p className="error" role="alert" data-testid="link-password-problem">
            {problem}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Opening…' : 'Open'}
        </button>
      </form>
    </section>
  );
}

/**
 * The linked document as a guest sees one (nothing of the project around it): read-only for a
 * viewer; a commenter comments where the server lets them write (annotated texts). Whatever closes
 * it (revoked, expired, the token ended) means the link no longer opens it.
 */
function LinkDocument({ token, opened, password, onRetry }: { token: string; opened: OpenedLink; password: string | undefined; onRetry: () => void }) {
  const reopen = useCallback((carryOn: string) => openShareLink(token, password, carryOn), [token, password]);
  const visit = useLinkVisit(opened, reopen);
  const visitor = useMemo(() => visitorOf(opened), [opened]);
  const { name, kind, projectId, documentId, title } = opened.document;
  const session = useCollab(name, visitor.id, visit);
  if (!session) {
    return (
      <p className="page loading" role="status">
        Opening…
      </p>
    );
  }
  if (session.access === 'closed') return <LinkProblem title="Link ended" message="This link no longer opens this document." onRetry={onRetry} />;
  // Until the server says otherwise, nothing is editable.
  const readOnly = session.access !== 'read-write';
  return (
    <MeContext.Provider value={visitor}>
      <section className="page wide">
        <h1 data-testid="document-title">{title}</h1>
        <StatusBar
          session={session}
          actions={
            <span className="muted small" data-testid="link-badge">
              Opened with a link · {LINK_ROLE_LABEL[opened.role]}
            </span>
          }
        />
        {session.repaired.length > 0 && <p className="notice">The server corrected an edit: {session.repaired.join('; ')}</p>}
        <DocumentViews session={session} kind={kind} projectId={projectId} documentId={documentId} readOnly={readOnly} guest commentOnly={opened.role === 'commenter'} />
      </section>
    </MeContext.Provider>
  );
}
