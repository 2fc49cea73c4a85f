import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { useMe } from '../me.js';
import { kindLabel } from '../projects/DocumentList.js';
import { OFFLINE_NOTE, type ProjectSummary, isNetworkFailure, keepProjects, keptProject, keptProjects, useOnline } from '../projects/offline-copy.js';
import { href } from '../router.js';

const NEEDS_CONNECTION = 'Creating a project needs a connection: this device is offline. Try again when it is back online.';

export function ProjectsPage() {
  const me = useMe();
  const online = useOnline();
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  /** Showing this device's copy: the server could not be reached. */
  const [offline, setOffline] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const reply = await api<ProjectSummary[]>('GET', '/api/projects?limit=100');
      keepProjects(me.id, reply.data);
      setProjects(reply.data);
      setOffline(false);
    } catch (failure) {
      if (!isNetworkFailure(failure)) return setError(failureText(failure, 'Could not load your projects'));
      setProjects(keptProjects(me.id) ?? []);
      setOffline(true);
    }
  }, [me.id]);
  useEffect(() => void load(), [load]);
  // Back online after showing this device's copy: the real list, once.
  useEffect(() => {
    if (online && offline) void load();
  }, [online, offline, load]);

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    setError(null);
    if (!navigator.onLine) return setError(NEEDS_CONNECTION);
    try {
      const created = await api<ProjectSummary>('POST', '/api/projects', { name });
      location.hash = href.project(created.data.id);
    } catch (failure) {
      setError(isNetworkFailure(failure) ? NEEDS_CONNECTION : failureText(failure, 'Could not create the project'));
    }
  };
  const showOffline = offline || !online;

  return (
    <section className="page projects-page">
      <h1>Projects</h1>
      {offline && (
        <p className="notice offline-note" role="status" data-testid="offline-note">
          {OFFLINE_NOTE}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {projects === null && !offline && !error && (
        <p className="loading" role="status">
          Loading your projects…
        </p>
      )}
      {projects !== null && projects.length === 0 && (
        <p className="empty-state" data-testid="no-projects">
          {offline ? 'This device has not seen any of your projects yet. They show here once you have opened this page online.' : 'No projects yet. Give your first project a name below to start one; then add boards to it and invite people.'}
        </p>
      )}
      <ul className="tiles project-tiles">
        {projects?.map((project) => {
          const documents = offline ? (keptProject(me.id, project.id)?.documents ?? []) : [];
          return (
            <li key={project.id} className="project-tile" data-testid="project-tile" data-name={project.name}>
              <a className="tile" href={href.project(project.id)}>
                <strong>{project.name}</strong>
                <span className="muted">{project.role}</span>
              </a>
              {documents.length > 0 && (
                <ul className="kept-documents" aria-label={`Documents of ${project.name} on this device`}>
                  {documents.map((doc) => (
                    <li key={doc.id}>
                      <a href={href.document(doc.name)}>{doc.title}</a> <span className="muted">{kindLabel(doc.kind)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <form className="inline-form" onSubmit={(event) => void create(event)} aria-describedby={showOffline ? 'create-needs-connection' : undefined}>
        <LimitedInput name="project-name" placeholder="New project name" aria-label="New project name" required limit={LIMITS.projectName} value={name} onChange={(e) => setName(e.target.value)} />
        <button className="button primary" type="submit">
          Create project
        </button>
        {showOffline && (
          <span className="muted" id="create-needs-connection" data-testid="create-needs-connection">
            Creating a project needs a connection.
          </span>
        )}
      </form>
    </section>
  );
}
