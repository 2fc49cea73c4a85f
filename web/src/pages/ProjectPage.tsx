import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { canWriteDocuments } from '../notifications/project-role.js';
import { href } from '../router.js';
import type { User } from '../session.js';

interface Project {
  id: string;
  name: string;
  role: string;
}
interface DocumentEntry {
  id: string;
  name: string;
  kind: string;
  title: string;
  updatedAt: string;
}
interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
}

const KINDS = [
  ['kanban', 'Kanban board'],
  ['calendar', 'Content calendar'],
  ['pipeline', 'Pipeline board'],
  ['annotations', 'Annotations'],
] as const;
const ROLES = ['owner', 'admin', 'editor', 'commenter', 'viewer'];

export function ProjectPage({ projectId, me }: { projectId: string; me: User }) {
  const [project, setProject] = useState<Project | null>(null);
  const [documents, setDocuments] = useState<DocumentEntry[]>([]);
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<string>('kanban');
  const [title, setTitle] = useState('');
  const [invite, setInvite] = useState({ email: '', role: 'editor' });
  const base = `/api/projects/${encodeURIComponent(projectId)}`;

  const load = useCallback(async () => {
    try {
      const [p, d, m] = await Promise.all([api<Project>('GET', base), api<DocumentEntry[]>('GET', `${base}/documents?limit=100`), api<Member[]>('GET', `${base}/members`)]);
      setProject(p.data);
      setDocuments(d.data);
      setMembers(m.data);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not load the project');
    }
  }, [base]);
  useEffect(() => void load(), [load]);

  const act = (fn: () => Promise<unknown>) => async (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (event && refuseInvalid(event.currentTarget)) return;
    setError(null);
    try {
      await fn();
      await load();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That did not work');
    }
  };
  const canManage = project?.role === 'owner' || project?.role === 'admin';
  const canCreate = project && project.role !== 'viewer';
  const canWrite = canWriteDocuments(project?.role);

  return (
    <section className="page">
      <p>
        <a href={href.projects()}>← Projects</a>
      </p>
      <h1>{project?.name ?? '…'}</h1>
      <p className="project-links">
        <a href={href.requests(projectId)} data-testid="requests-link">
          Requests
        </a>
        {' · '}
        <a href={href.notificationSettings(projectId)} data-testid="notification-settings-link">
          Notification settings
        </a>
        {canWrite && (
          <>
            {' · '}
            <a href={href.googleCalendar(projectId)} data-testid="google-calendar-link">
              Google Calendar
            </a>
          </>
        )}
      </p>
      {canManage && (
        <p className="project-links">
          <a href={href.integrations(projectId)} data-testid="integrations-link">
            Integrations
          </a>
          {' · '}
          <a href={href.deliveries(projectId)}>Deliveries</a>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2>Documents</h2>
      <ul className="tiles">
        {documents.map((doc) => (
          <li key={doc.id}>
            <a className="tile" href={href.document(doc.name)} data-testid={`document-${doc.kind}`}>
              <strong>{doc.title}</strong>
              <span className="muted">{KINDS.find(([k]) => k === doc.kind)?.[1] ?? doc.kind}</span>
            </a>
          </li>
        ))}
      </ul>
      {canCreate && (
        <form className="inline-form" onSubmit={(event) => void act(() => api('POST', `${base}/documents`, { kind, title }).then(() => setTitle('')))(event)}>
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {KINDS.filter(([k]) => project.role !== 'commenter' || k === 'annotations').map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <LimitedInput name="title" placeholder="Title" aria-label="Document title" required limit={LIMITS.documentTitle} value={title} onChange={(e) => setTitle(e.target.value)} />
          <button className="button primary" type="submit">
            Create
          </button>
        </form>
      )}
      <h2>Members</h2>
      <table className="members">
        <tbody>
          {members.map((member) => (
            <tr key={member.userId}>
              <td>{member.name || member.email}</td>
              <td className="muted">{member.email}</td>
              <td>
                {canManage && member.userId !== me.id ? (
                  <select aria-label={`Role of ${member.email}`} value={member.role} onChange={(e) => void act(() => api('PUT', `${base}/members/${member.userId}`, { role: e.target.value }))()}>
                    {ROLES.map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </select>
                ) : (
                  member.role
                )}
              </td>
              <td>
                {canManage && member.userId !== me.id && (
                  <button className="link danger" onClick={() => void act(() => api('DELETE', `${base}/members/${member.userId}`))()}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && (
        <form className="inline-form" onSubmit={(event) => void act(() => api('POST', `${base}/members`, invite).then(() => setInvite({ email: '', role: 'editor' })))(event)}>
          <LimitedInput name="member-email" type="email" placeholder="Email" aria-label="Email" required limit={LIMITS.memberEmail} value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} />
          <select name="member-role" value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value })}>
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
          <button className="button" type="submit">
            Add member
          </button>
        </form>
      )}
    </section>
  );
}
