import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { canWriteDocuments } from '../notifications/project-role.js';
import { ArchivedList, DocumentList, KINDS } from '../projects/DocumentList.js';
import { OFFLINE_NOTE, type ProjectSummary, keepProjects, keptProjects } from '../projects/offline-copy.js';
import { PageProblem } from '../projects/PageProblem.js';
import { useProjectData } from '../projects/project-data.js';
import { RenameForm } from '../projects/RenameForm.js';
import { href } from '../router.js';
import type { User } from '../session.js';
import { RetentionForm } from '../privacy/RetentionForm.js';

const ROLES = ['owner', 'admin', 'editor', 'commenter', 'viewer'];

const PROBLEM_TITLE = { 'not-found': 'Project not found', forbidden: 'You cannot open this project', offline: 'Not on this device', failed: 'This project could not be loaded' } as const;

export function ProjectPage({ projectId, me }: { projectId: string; me: User }) {
  const data = useProjectData(me.id, projectId);
  const { project, documents, archived, members, sectionErrors, problem, online, base, reload } = data;
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<string>('kanban');
  const [title, setTitle] = useState('');
  const [invite, setInvite] = useState({ email: '', role: 'editor' });
  const [renaming, setRenaming] = useState(false);

  if (problem) return <PageProblem title={PROBLEM_TITLE[problem.kind]} message={problem.message} />;
  if (!project) {
    return (
      <section className="page">
        <p className="loading" role="status">
          Loading the project…
        </p>
      </section>
    );
  }

  const act = (fn: () => Promise<unknown>) => async (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (event && refuseInvalid(event.currentTarget)) return;
    setError(null);
    try {
      await fn();
      await reload();
    } catch (failure) {
      setError(failureText(failure, 'That did not work'));
    }
  };
  const renameProject = async (name: string) => {
    const reply = await api<ProjectSummary>('PUT', base, { name });
    data.setProject(reply.data);
    const kept = keptProjects(me.id);
    if (kept) keepProjects(me.id, kept.map((entry) => (entry.id === reply.data.id ? reply.data : entry)));
    await reload();
  };
  const canManage = project.role === 'owner' || project.role === 'admin';
  const canCreate = project.role !== 'viewer';
  const canWrite = canWriteDocuments(project.role);

  return (
    <section className="page project-page">
      <p>
        <a href={href.projects()}>← Projects</a>
      </p>
      {data.offline && (
        <p className="notice offline-note" role="status" data-testid="offline-note">
          {OFFLINE_NOTE}
        </p>
      )}
      {renaming ? (
        <RenameForm name="project-rename" label="New project name" initial={project.name} limit={LIMITS.projectName} onSave={renameProject} onDone={() => setRenaming(false)} />
      ) : (
        <div className="project-heading">
          <h1 data-testid="project-name">{project.name}</h1>
          {canManage && online && (
            <button type="button" className="link" data-testid="rename-project" aria-label={`Rename the project ${project.name}`} onClick={() => setRenaming(true)}>
              Rename
            </button>
          )}
        </div>
      )}
      {online && (
        <p className="project-links">
          <a href={href.requests(projectId)} data-testid="requests-link">
            Requests
          </a>
          {' · '}
          <a href={href.votes(projectId)} data-testid="voting-hub-link">
            Voting hub
          </a>
          {' · '}
          <a href={href.assets(projectId)} data-testid="assets-link">
            Assets
          </a>
          {' · '}
          <a href={href.knowledge(projectId)} data-testid="knowledge-link">
            Knowledge
          </a>
          {' · '}
          <a href={href.dashboard(projectId)} data-testid="dashboard-link">
            Dashboard
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
              {' · '}
              <a href={href.testAccounts(projectId)} data-testid="test-accounts-link">
                Test accounts
              </a>
            </>
          )}
        </p>
      )}
      {canManage && online && (
        <p className="project-links">
          <a href={href.integrations(projectId)} data-testid="integrations-link">
            Integrations
          </a>
          {' · '}
          <a href={href.deliveries(projectId)}>Deliveries</a>
          {' · '}
          <a href={href.billing(projectId)} data-testid="billing-link">
            Billing
          </a>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2>Documents</h2>
      {sectionErrors.documents && (
        <p className="error" role="alert">
          {sectionErrors.documents}
        </p>
      )}
      {documents.length === 0 && !sectionErrors.documents && (
        <p className="empty-state" data-testid="no-documents">
          {data.offline
            ? 'This device has not seen any documents of this project.'
            : canCreate
              ? 'No documents yet. Choose a kind, give it a title and press Create: a Kanban board is a good start.'
              : 'No documents yet. An editor or an owner of this project can create one.'}
        </p>
      )}
      <DocumentList documents={documents} role={project.role} online={online} base={`${base}/documents`} onChanged={() => void reload()} />
      {canCreate && online && (
        <form className="inline-form" onSubmit={(event) => void act(() => api('POST', `${base}/documents`, { kind, title }).then(() => setTitle('')))(event)}>
          <select name="kind" aria-label="Kind of document" value={kind} onChange={(e) => setKind(e.target.value)}>
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
      {canCreate && !online && <p className="muted">Creating, renaming and archiving documents needs a connection.</p>}
      {(archived.length > 0 || sectionErrors.archived) && online && (
        <>
          <h2>Archived documents</h2>
          {sectionErrors.archived ? (
            <p className="error" role="alert">
              {sectionErrors.archived}
            </p>
          ) : (
            <ArchivedList documents={archived} role={project.role} online={online} base={`${base}/documents`} onChanged={() => void reload()} />
          )}
        </>
      )}
      <h2>Members</h2>
      {!online && <p className="muted">Members are shown when this device is back online.</p>}
      {sectionErrors.members && (
        <p className="error" role="alert">
          {sectionErrors.members}
        </p>
      )}
      {members.length > 0 && (
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
      )}
      {canManage && online && (
        <form className="inline-form" onSubmit={(event) => void act(() => api('POST', `${base}/members`, invite).then(() => setInvite({ email: '', role: 'editor' })))(event)}>
          <LimitedInput name="member-email" type="email" placeholder="Email" aria-label="Email" required limit={LIMITS.memberEmail} value={invite.email} onChange={(e) => setInvite({ ...invite, email: e.target.value })} />
          <select name="member-role" aria-label="Role of the new member" value={invite.role} onChange={(e) => setInvite({ ...invite, role: e.target.value })}>
            {ROLES.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
          <button className="button" type="submit">
            Add member
          </button>
        </form>
      )}
      {canManage && online && <RetentionForm projectId={projectId} />}
    </section>
  );
}
