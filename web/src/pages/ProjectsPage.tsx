import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api.js';
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
  const create = async (event: FormEvent) => {
    event.preventDefault();
    const created = await api<Project>('POST', '/api/projects', { name });
    location.hash = href.project(created.data.id);
  };
  return (
    <section className="page">
      <h1>Projects</h1>
      {error && <p className="error">{error}</p>}
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
        <input name="project-name" placeholder="New project name" required value={name} onChange={(e) => setName(e.target.value)} />
        <button className="button primary" type="submit">
          Create project
        </button>
      </form>
    </section>
  );
}
