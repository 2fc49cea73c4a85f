import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { useProject } from '../notifications/project-role.js';
import { RequestDetailView } from '../requests/RequestDetail.js';
import { type RequestDraft, RequestForm } from '../requests/RequestForm.js';
import { type Member, REQUEST_STATUSES, REQUEST_TYPES, type RequestView, statusLabel, typeLabel } from '../requests/types.js';
import { href } from '../router.js';

/** A project's requests: filtered, newest first, a page at a time; raise one; open one. */
export function RequestsPage({ projectId, requestId }: { projectId: string; requestId?: string | undefined }) {
  const { project, error: projectError } = useProject(projectId);
  const [members, setMembers] = useState<Member[]>([]);
  const [items, setItems] = useState<RequestView[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [filters, setFilters] = useState({ status: '', type: '', assignee: '' });
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(
    (cursor?: string) => {
      const params = new URLSearchParams({ projectId, limit: '20' });
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      if (cursor) params.set('cursor', cursor);
      return api<{ items: RequestView[]; next: string | null }>('GET', `/api/requests?${params}`);
    },
    [projectId, filters],
  );
  const load = useCallback(async () => {
    try {
      const page = await query();
      setItems(page.data.items);
      setNext(page.data.next);
    } catch (failure) {
      setError(failureText(failure, 'Could not load the requests'));
    }
  }, [query]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    void api<Member[]>('GET', `/api/projects/${encodeURIComponent(projectId)}/members`).then((reply) => setMembers(reply.data), () => undefined);
  }, [projectId]);

  const more = async () => {
    if (!next) return;
    const page = await query(next);
    setItems([...items, ...page.data.items]);
    setNext(page.data.next);
  };
  const raise = async (draft: RequestDraft) => {
    setError(null);
    try {
      const created = await api<RequestView>('POST', '/api/requests', { projectId, ...draft });
      await load();
      location.hash = href.requests(projectId, created.data.id);
    } catch (failure) {
      setError(failureText(failure));
      throw failure;
    }
  };
  const filter = (key: keyof typeof filters) => (event: { target: { value: string } }) => setFilters({ ...filters, [key]: event.target.value });
  const role = project?.role;

  if (requestId) return <RequestDetailView projectId={projectId} requestId={requestId} role={role} members={members} onChanged={() => void load()} />;
  return (
    <section className="page">
      <p>
        <a href={href.project(projectId)}>← {project?.name ?? 'Project'}</a>
      </p>
      <h1>Requests</h1>
      {(projectError || error) && (
        <p className="error" role="alert" data-testid="request-error">
          {projectError ?? error}
        </p>
      )}
      <div className="inline-form">
        <select name="filter-status" aria-label="Status" value={filters.status} onChange={filter('status')}>
          <option value="">Any status</option>
          {REQUEST_STATUSES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        <select name="filter-type" aria-label="Type" value={filters.type} onChange={filter('type')}>
          <option value="">Any type</option>
          {REQUEST_TYPES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        <select name="filter-assignee" aria-label="Assignee" value={filters.assignee} onChange={filter('assignee')}>
          <option value="">Anyone</option>
          <option value="me">Assigned to me</option>
          <option value="none">Nobody assigned</option>
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.name || member.email}
            </option>
          ))}
        </select>
      </div>
      {items.length === 0 && (
        <p className="empty-state" data-testid="no-requests">
          {role && role !== 'viewer' ? 'No requests match. Change the filters above, or raise one with the form below.' : 'No requests match. Change the filters above.'}
        </p>
      )}
      <ul className="inbox" data-testid="request-list">
        {items.map((request) => (
          <li key={request.id} className="inbox-item" data-testid={`request-${request.id}`} data-title={request.title}>
            <a href={href.requests(projectId, request.id)}>
              <strong>{request.title}</strong>
            </a>{' '}
            <span className="chip">{typeLabel(request.type)}</span> <span className="chip">{statusLabel(request.status)}</span>{' '}
            <span className="muted small">
              {request.priority} · by {request.requester.name}
              {request.assignee ? ` · for ${request.assignee.name}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {next && (
        <button className="button" onClick={() => void more()}>
          More
        </button>
      )}
      {role && role !== 'viewer' && (
        <>
          <h2>Raise a request</h2>
          <RequestForm members={members} onSubmit={raise} />
        </>
      )}
    </section>
  );
}
