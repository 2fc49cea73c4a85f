import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';
import { RevealedSecrets } from '../test-accounts/RevealedSecrets.js';
import { TestAccountForm } from '../test-accounts/TestAccountForm.js';
import type { RevealedAccount, TestAccount, TestAccountDraft } from '../test-accounts/types.js';

const BASE = '/api/testing/accounts';
const forProject = (projectId: string) => `${BASE}?projectId=${encodeURIComponent(projectId)}`;
const listUrl = (projectId: string, cursor?: string) => `${forProject(projectId)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

const dateText = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : 'never');

const ROTATION_STATUS: Record<TestAccount['rotationStatus'], string> = { none: '', ok: 'last rotation worked', reminded: 'due: change the password and save it here', failed: 'the last rotation failed' };

/** "Rotated by webhook every 30 days · next Dec 9, 2026 · the last rotation failed: the rotator answered 500". */
function rotationText(account: TestAccount): string {
  const how = account.hasRotator ? 'Rotated by webhook' : 'Reminder';
  const status = ROTATION_STATUS[account.rotationStatus];
  return [`${how} every ${account.rotationDays} days`, `next ${dateText(account.rotationDueAt)}`, status && `${status}${account.rotationError ? `: ${account.rotationError}` : ''}`].filter(Boolean).join(' · ');
}

/**
 * The project's shared test accounts (editors and above): list without secrets, add and edit,
 * reveal for the roles each account allows (with a countdown that hides them again), delete for
 * owners and admins after asking in place.
 */
export function TestAccountsPage({ projectId }: { projectId: string }) {
  const { project, error: projectError, canManage, canWrite } = useProject(projectId);
  const [accounts, setAccounts] = useState<TestAccount[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<RevealedAccount | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = BASE;

  const load = useCallback(async () => {
    try {
      const page = (await api<{ items: TestAccount[]; next: string | null }>('GET', listUrl(projectId))).data;
      setAccounts(page.items);
      setNext(page.next);
    } catch (failure) {
      setError(failureText(failure, 'Could not load the test accounts'));
    }
  }, [projectId]);
  useEffect(() => {
    if (canWrite) void load();
  }, [canWrite, load]);

  const loadMore = async () => {
    if (!next) return;
    try {
      const page = (await api<{ items: TestAccount[]; next: string | null }>('GET', listUrl(projectId, next))).data;
      setAccounts((shown) => [...(shown ?? []), ...page.items]);
      setNext(page.next);
    } catch (failure) {
      setError(failureText(failure));
    }
  };

  /** Runs a change, shows why it was refused, reloads; throws on refusal so a form stays open. */
  const change = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (failure) {
      setError(failureText(failure));
      throw failure;
    }
  };
  const create = (draft: TestAccountDraft) => change(() => api('POST', forProject(projectId), draft)).then(() => setAdding(false));
  const update = (account: TestAccount, draft: TestAccountDraft) => change(() => api('PUT', `${base}/${account.id}`, { version: account.version, ...draft })).then(() => setEditing(null));
  const remove = (id: string) => void change(() => api('DELETE', `${base}/${id}`)).then(() => setDeleting(null), () => undefined);
  const reveal = async (id: string) => {
    setError(null);
    try {
      setRevealed((await api<RevealedAccount>('POST', `${base}/${id}/reveal`)).data);
      void load();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const hide = useCallback(() => setRevealed(null), []);

  return (
    <section className="page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>Test accounts</h1>
      </div>
      {projectError && <p className="error">{projectError}</p>}
      {project && !canWrite && <p className="muted">Only the project’s editors, admins and owners see its test accounts.</p>}
      {error && (
        <p className="error" role="alert" data-testid="test-account-error">
          {error}
        </p>
      )}
      {canWrite && (
        <>
          <p className="muted">Logins to third-party services the team tests with. Secrets are stored encrypted, never listed, and each reveal is recorded in the project’s audit log.</p>
          {accounts?.length === 0 && (
            <p className="empty-state" data-testid="no-test-accounts">
              No test accounts yet. Press “Add account” to keep a shared login here instead of in a chat message.
            </p>
          )}
          <ul className="test-accounts">
            {accounts?.map((account) => (
              <li key={account.id} className="panel test-account" data-testid="test-account" data-service={account.service}>
                {editing === account.id ? (
                  <TestAccountForm initial={account} canChooseRoles={canManage} onSubmit={(draft) => update(account, draft)} onCancel={() => setEditing(null)} />
                ) : (
                  <>
                    <div className="test-account-head">
                      <strong>{account.service}</strong>
                      <span className={`chip env env-${account.environment}`}>{account.environment}</span>
                      <span className="spacer" />
                      {account.canReveal && (
                        <button className="link" data-testid="reveal" onClick={() => void reveal(account.id)}>
                          Reveal
                        </button>
                      )}
                      <button className="link" onClick={() => setEditing(account.id)}>
                        Edit
                      </button>
                      {canManage && (
                        <button className="link danger" onClick={() => setDeleting(account.id)}>
                          Delete
                        </button>
                      )}
                    </div>
                    <p className="test-account-user">{account.username}</p>
                    <p className="muted small">
                      {[account.hasPassword ? 'password' : 'no password', account.hasTotp ? 'TOTP' : null, account.hasNotes ? 'notes' : null].filter(Boolean).join(' · ')}
                      {' · '}password changed {dateText(account.passwordChangedAt)} · last revealed {dateText(account.lastRevealedAt)}
                      {!account.canReveal && ` · revealed by ${account.revealRoles.join(', ')}`}
                    </p>
                    {account.rotationDays !== null && (
                      <p className={`small rotation rotation-${account.rotationStatus}`} data-testid="rotation" data-status={account.rotationStatus}>
                        {rotationText(account)}
                      </p>
                    )}
                    {deleting === account.id && (
                      <div className="confirm" role="alertdialog" aria-label={`Delete ${account.service}?`}>
                        <p>Delete {account.service} ({account.username})? Its password, TOTP seed and notes are gone for good.</p>
                        <div className="confirm-buttons">
                          <button className="button danger" onClick={() => remove(account.id)}>
                            Delete
                          </button>
                          <button className="button" onClick={() => setDeleting(null)}>
                            Keep
                          </button>
                        </div>
                      </div>
                    )}
                    {revealed?.id === account.id && <RevealedSecrets revealed={revealed} onHide={hide} />}
                  </>
                )}
              </li>
            ))}
          </ul>
          {next && (
            <button className="button" onClick={() => void loadMore()}>
              Show more
            </button>
          )}
          {adding ? (
            <TestAccountForm canChooseRoles={canManage} onSubmit={create} onCancel={() => setAdding(false)} />
          ) : (
            <button className="button primary" data-testid="add-test-account" onClick={() => setAdding(true)}>
              Add account
            </button>
          )}
        </>
      )}
    </section>
  );
}
