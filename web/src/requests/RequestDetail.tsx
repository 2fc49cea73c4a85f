import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { RequestFailed, api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { LimitedTextarea, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { href } from '../router.js';
import { RequestFiles } from './RequestFiles.js';
import { type Member, type RequestDetail, statusLabel, typeLabel } from './types.js';

const RUNS_WORKFLOW = new Set(['owner', 'admin', 'editor']);

/** One request: what was asked, its links, status changes (editors and above) and comments (commenters and above). */
export function RequestDetailView({ projectId, requestId, role, members, onChanged }: { projectId: string; requestId: string; role: string | undefined; members: Member[]; onChanged: () => void }) {
  const [request, setRequest] = useState<RequestDetail | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const path = `/api/requests/${encodeURIComponent(requestId)}`;

  const load = useCallback(async () => {
    try {
      setRequest((await api<RequestDetail>('GET', path)).data);
    } catch (failure) {
      setError(failureText(failure, 'Could not load the request'));
    }
  }, [path]);
  useEffect(() => void load(), [load]);

  /** A change names the version shown; if someone changed it meanwhile, show theirs and say so. */
  const change = async (changes: Record<string, unknown>) => {
    if (!request) return;
    setError(null);
    try {
      await api('PUT', path, { version: request.version, ...changes });
      onChanged();
    } catch (failure) {
      setError(failure instanceof RequestFailed && failure.code === 'VERSION_CONFLICT' ? 'Someone changed this request meanwhile: here it is as it is now.' : failureText(failure));
    }
    await load();
  };
  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    setError(null);
    try {
      await api('POST', `${path}/comments`, { body: comment });
      setComment('');
      await load();
    } catch (failure) {
      setError(failureText(failure));
    }
  };
  const runs = role !== undefined && RUNS_WORKFLOW.has(role);

  return (
    <section className="page" data-testid="request-detail">
      <p>
        <a href={href.requests(projectId)}>← Requests</a>
      </p>
      {error && (
        <p className="error" role="alert" data-testid="request-error">
          {error}
        </p>
      )}
      {request && (
        <>
          <h1>{request.title}</h1>
          <p>
            <span className="chip">{typeLabel(request.type)}</span>{' '}
            <span className="chip" data-testid="request-status" data-status={request.status}>
              {statusLabel(request.status)}
            </span>{' '}
            <span className="muted">
              {request.priority} priority · raised by {request.requester.name} on {new Date(request.createdAt).toLocaleDateString()}
            </span>
          </p>
          {request.description && <p style={{ whiteSpace: 'pre-wrap' }}>{request.description}</p>}
          {request.figma && (
            <p className="panel" data-testid="figma-card">
              <a href={request.figma.url} target="_blank" rel="noreferrer noopener">
                {request.figma.title ?? 'Figma file'}
              </a>{' '}
              <span className="muted small">
                Figma {request.figma.kind} · {request.figma.fileKey}
                {request.figma.nodeId ? ` · node ${request.figma.nodeId}` : ''}
              </span>
            </p>
          )}
          {request.attachments.length > 0 && (
            <ul>
              {request.attachments.map((attachment) => (
                <li key={attachment.url}>
                  <a href={attachment.url} target="_blank" rel="noreferrer noopener">
                    {attachment.title ?? attachment.url}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <RequestFiles projectId={projectId} requestId={request.id} canAttach={runs} />
          <p>
            Assignee:{' '}
            {runs ? (
              <select name="request-assignee" aria-label="Assignee" value={request.assignee?.id ?? ''} onChange={(e) => void change({ assigneeId: e.target.value || null })}>
                <option value="">Nobody</option>
                {members.map((member) => (
                  <option key={member.userId} value={member.userId}>
                    {member.name || member.email}
                  </option>
                ))}
              </select>
            ) : (
              (request.assignee?.name ?? 'nobody')
            )}
          </p>
          {runs && request.allowedTransitions.length > 0 && (
            <p className="inline-form">
              {request.allowedTransitions.map((status) => (
                <button key={status} className="button" data-testid={`status-${status}`} onClick={() => void change({ status })}>
                  {status === 'open' ? 'Reopen' : `Mark ${statusLabel(status).toLowerCase()}`}
                </button>
              ))}
            </p>
          )}
          <h2>Comments ({request.comments.total})</h2>
          <ul className="threads">
            {request.comments.items.map((item) => (
              <li key={item.id} className="reply" data-testid="request-comment">
                <strong>{item.author.name}</strong> <span className="muted small">{new Date(item.createdAt).toLocaleString()}</span>
                <div style={{ whiteSpace: 'pre-wrap' }}>{item.body}</div>
              </li>
            ))}
          </ul>
          {role && role !== 'viewer' && (
            <form className="inline-form" onSubmit={(event) => void send(event)}>
              <LimitedTextarea name="comment-body" aria-label="Comment" rows={2} required limit={LIMITS.requestComment} value={comment} onChange={(e) => setComment(e.target.value)} />
              <button className="button primary" type="submit">
                Comment
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
