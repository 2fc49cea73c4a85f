import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.js';
import { failureText } from '../components/failure-text.js';
import { LimitedInput, refuseInvalid } from '../components/Limited.js';
import { LIMITS } from '../limits.js';
import { href } from '../router.js';

interface Project {
  id: string;
  name: string;
  description: string;
  role: string;
}

export function ProjectsPage() {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api<Project[]>('GET', '/api/projects?limit=100')
      .then((reply) => setProjects(reply.data))
      .catch((failure: Error) => setError(failure.message));
  useEffect(() => void load(), []);
  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (refuseInvalid(event.currentTarget)) return;
    setError(null);
    try {
      const created = await api<Project>('POST', '/api/projects', { name });
      location.hash = href.project(created.data.id);
    } catch (failure) {
      setError(failureText(failure, 'Could not create the project'));
    }
  };
  return (
    <section className="page">
      <h1>Projects</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="tiles">
        {projects?.map((project) => (
          <li key={project.id}>
            <a className="tile" href={href.project(project.id)}>
              <strong>{project.name}</strong>
              <span className="muted">{project.role}</span>
            </a>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={(event) => void create(event)}>
        <LimitedInput name="project-name" placeholder="New project name" aria-label="New project name" required limit={LIMITS.projectName} value={name} onChange={(e) => setName(e.target.value)} />
        <button className="button primary" type="submit">
          Create project
        </button>
      </form>
    </section>
  );
}
