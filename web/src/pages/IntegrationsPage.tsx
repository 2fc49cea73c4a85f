import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { type Integration, type IntegrationDraft, IntegrationForm, KIND_LABEL } from '../components/IntegrationForm.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';

/** A project's integrations, for its owners and admins: add, edit, disable, re-activate a broken one, delete. */
export function IntegrationsPage({ projectId }: { projectId: string }) {
  const { project, error: projectError, canManage } = useProject(projectId);
  const [integrations, setIntegrations] = useState<Integration[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/projects/${encodeURIComponent(projectId)}/integrations`;

  const load = useCallback(async () => {
    try {
      setIntegrations((await api<Integration[]>('GET', base)).data);
    } catch (failure) {
      setError(failureText(failure, 'Could not load the integrations'));
    }
  }, [base]);
  useEffect(() => {
    if (canManage) void load();
  }, [canManage, load]);

  /** Runs a change, shows why it was refused, reloads the list; throws on refusal so a form stays open. */
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
  const create = (draft: IntegrationDraft) => change(() => api('POST', base, draft)).then(() => setAdding(false));
  const update = (id: string, draft: IntegrationDraft) =>
    change(() => api('PATCH', `${base}/${id}`, { name: draft.name, settings: draft.settings, eventTypes: draft.eventTypes, ...(draft.secret ? { secret: draft.secret } : {}) })).then(() => setEditing(null));
  const quietly = (promise: Promise<unknown>) => void promise.catch(() => undefined);
  /** Per integration: what its last test found (null while it runs). */
  const [tested, setTested] = useState<Record<string, { ok: boolean; error: string | null } | null>>({});
  const runTest = async (id: string) => {
    setTested((shown) => ({ ...shown, [id]: null }));
    try {
      const reply = await api<{ ok: boolean; error: string | null }>('POST', `${base}/${id}/test`);
      setTested((shown) => ({ ...shown, [id]: reply.data }));
    } catch (failure) {
      setTested((shown) => ({ ...shown, [id]: { ok: false, error: failureText(failure) } }));
    }
  };

  return (
    <section className="page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <div className="page-head">
        <h1>Integrations</h1>
        <span className="spacer" />
        {canManage && <a href={href.deliveries(projectId)}>Deliveries →</a>}
      </div>
      {projectError && <p className="error">{projectError}</p>}
      {project && !canManage && <p className="muted">Only the project’s owners and admins manage its integrations.</p>}
      {error && (
        <p className="error" role="alert" data-testid="integration-error">
          {error}
        </p>
      )}
      {canManage && (
        <>
          <p className="muted">Send the project’s events to a Discord or Slack channel, or keep JIRA issues in step with the board. Secrets are stored encrypted and never shown again.</p>
          {integrations?.length === 0 && (
            <p className="empty-state" data-testid="no-integrations">
              No integrations yet. Press “Add integration” to send this project’s events to a Discord or Slack channel, or to keep JIRA issues in step.
            </p>
          )}
          <ul className="integrations">
            {integrations?.map((integration) => (
              <li key={integration.id} className={`panel integration status-${integration.status}`} data-testid="integration" data-name={integration.name} data-status={integration.status}>
                {editing === integration.id ? (
                  <IntegrationForm initial={integration} onSubmit={(draft) => update(integration.id, draft)} onCancel={() => setEditing(null)} />
                ) : (
                  <>
                    <div className="integration-head">
                      <strong>{integration.name}</strong>
                      <span className="chip">{KIND_LABEL[integration.kind] ?? integration.kind}</span>
                      <span className={`state state-${integration.status}`}>{integration.status}</span>
                      <span className="spacer" />
                      {integration.status !== 'disabled' && (
                        <button className="link" data-testid="test-integration" disabled={tested[integration.id] === null} onClick={() => void runTest(integration.id)}>
                          {tested[integration.id] === null ? 'Testing…' : 'Send test'}
                        </button>
                      )}
                      <button className="link" onClick={() => setEditing(integration.id)}>
                        Edit
                      </button>
                      {integration.status === 'active' ? (
                        <button className="link" onClick={() => quietly(change(() => api('PATCH', `${base}/${integration.id}`, { status: 'disabled' })))}>
                          Disable
                        </button>
                      ) : (
                        <button className="link" data-testid="reactivate" onClick={() => quietly(change(() => api('PATCH', `${base}/${integration.id}`, { status: 'active' })))}>
                          Re-activate
                        </button>
                      )}
                      <button className="link danger" onClick={() => confirm(`Delete ${integration.name}?`) && quietly(change(() => api('DELETE', `${base}/${integration.id}`)))}>
                        Delete
                      </button>
                    </div>
                    {tested[integration.id] && (
                      <p className={tested[integration.id]!.ok ? 'ok' : 'error'} role="status" data-testid="test-result">
                        {tested[integration.id]!.ok ? 'Test sent: it works.' : `Test failed: ${tested[integration.id]!.error ?? 'no reason given'}`}
                      </p>
                    )}
                    {integration.status === 'broken' && <p className="error">Stopped: {integration.brokenReason ?? 'no reason given'}. Fix it (a new webhook URL or token), then re-activate and retry its dead deliveries.</p>}
                    <p className="muted small">
                      {integration.hasSecret ? `Secret set (${integration.secretHint ?? 'hidden'})` : 'No secret'} · {integration.eventTypes.length === 0 ? 'all events' : integration.eventTypes.join(', ')}
                      {integration.kind === 'jira' && ` · ${String(integration.settings.site ?? '')} ${String(integration.settings.projectKey ?? '')}`}
                      {' · '}
                      <a href={href.deliveries(projectId, integration.id)}>deliveries</a>
                    </p>
                  </>
                )}
              </li>
            ))}
          </ul>
          {adding ? (
            <IntegrationForm onSubmit={create} onCancel={() => setAdding(false)} />
          ) : (
            <button className="button primary" data-testid="add-integration" onClick={() => setAdding(true)}>
              Add integration
            </button>
          )}
        </>
      )}
    </section>
  );
}
