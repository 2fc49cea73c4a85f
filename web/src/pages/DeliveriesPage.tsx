import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import type { Integration } from '../components/IntegrationForm.js';
import { useProject } from '../notifications/project-role.js';
import { href } from '../router.js';

interface Delivery {
  id: string;
  eventType: string;
  documentName: string | null;
  channel: string;
  destinationName: string | null;
  status: 'pending' | 'sending' | 'delivered' | 'dead';
  attempts: number;
  lastError: string | null;
  notBefore: string;
  externalRef: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
interface Page {
  items: Delivery[];
  next: string | null;
}

const STATUSES = ['', 'dead', 'pending', 'sending', 'delivered'] as const;
const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** Where the project's events went: filter by status and integration; dead ones can be sent again. */
export function DeliveriesPage({ projectId, integrationId }: { projectId: string; integrationId?: string | undefined }) {
  const { project, error: projectError, canManage } = useProject(projectId);
  const [status, setStatus] = useState<string>('');
  const [integration, setIntegration] = useState(integrationId ?? '');
  const [integrations, setIntegrations] = useState<Integration[]>([]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/api/projects/${encodeURIComponent(projectId)}`;
  const query = new URLSearchParams({ limit: '50', ...(status ? { status } : {}), ...(integration ? { integrationId: integration } : {}) }).toString();

  const load = useCallback(async () => {
    try {
      setPage((await api<Page>('GET', `${base}/deliveries?${query}`)).data);
    } catch (failure) {
      setError(failureText(failure, 'Could not load the deliveries'));
    }
  }, [base, query]);
  useEffect(() => {
    if (!canManage) return;
    void load();
    void api<Integration[]>('GET', `${base}/integrations`)
      .then((reply) => setIntegrations(reply.data))
      .catch(() => undefined);
  }, [canManage, load, base]);

  const act = async (fn: () => Promise<string | null>) => {
    setError(null);
    setNotice(null);
    try {
      setNotice(await fn());
      await load();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const retry = (id: string) => act(async () => (await api('POST', `${base}/deliveries/${id}/retry`), 'Sent again.'));
  const retryAll = () =>
    act(async () => {
      const reply = await api<{ revived: number; remaining: number }>('POST', `${base}/deliveries/retry-dead`, { integrationId: integration });
      return `${reply.data.revived} sent again${reply.data.remaining > 0 ? `; ${reply.data.remaining} more dead: retry again` : ''}.`;
    });
  const more = async () => {
    if (!page?.next) return;
    const reply = await api<Page>('GET', `${base}/deliveries?${query}&cursor=${encodeURIComponent(page.next)}`);
    setPage({ items: [...page.items, ...reply.data.items], next: reply.data.next });
  };

  return (
    <section className="page wide-table">
      <p>
        <a href={href.integrations(projectId)}>← Integrations</a>
      </p>
      <h1>Deliveries{project ? ` · ${project.name}` : ''}</h1>
      {projectError && <p className="error">{projectError}</p>}
      {project && !canManage && <p className="muted">Only the project’s owners and admins see its deliveries.</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && <p className="notice">{notice}</p>}
      {canManage && (
        <>
          <div className="inline-form">
            <select name="delivery-status" aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((value) => (
                <option key={value} value={value}>
                  {value || 'Any status'}
                </option>
              ))}
            </select>
            <select name="delivery-integration" aria-label="Integration" value={integration} onChange={(e) => setIntegration(e.target.value)}>
              <option value="">Every destination</option>
              {integrations.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
            <button className="button" onClick={() => void load()}>
              Refresh
            </button>
            {integration && (
              <button className="button" data-testid="retry-all-dead" onClick={() => void retryAll()}>
                Retry all dead
              </button>
            )}
          </div>
          {page?.items.length === 0 && (
            <p className="empty-state" data-testid="no-deliveries">
              No deliveries match. Each event the project sends to an integration shows here with its outcome; choose another integration or status above.
            </p>
          )}
          {page && page.items.length > 0 && (
            <table className="members deliveries" data-testid="deliveries">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Event</th>
                  <th>To</th>
                  <th>Status</th>
                  <th>Attempts</th>
                  <th>Last error / reference</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {page.items.map((delivery) => (
                  <tr key={delivery.id} data-testid="delivery" data-status={delivery.status}>
                    <td className="muted">{time(delivery.createdAt)}</td>
                    <td>
                      {delivery.documentName ? <a href={href.document(delivery.documentName)}>{delivery.eventType}</a> : delivery.eventType}
                    </td>
                    <td>
                      {delivery.destinationName ?? <em className="muted">deleted</em>} <span className="muted">({delivery.channel})</span>
                    </td>
                    <td>
                      <span className={`state state-${delivery.status}`}>{delivery.status}</span>
                      {delivery.status === 'pending' && <small className="muted"> next {time(delivery.notBefore)}</small>}
                    </td>
                    <td>{delivery.attempts}</td>
                    <td className="error-cell">{delivery.lastError ? <span className="error">{delivery.lastError}</span> : <span className="muted">{delivery.externalRef ?? ''}</span>}</td>
                    <td>
                      {delivery.status === 'dead' && (
                        <button className="link" data-testid="retry" onClick={() => void retry(delivery.id)}>
                          Retry
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {page?.next && (
            <button className="button wide" onClick={() => void more()}>
              Show older
            </button>
          )}
        </>
      )}
    </section>
  );
}
