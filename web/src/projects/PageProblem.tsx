import { href } from '../router.js';

/** One clear message in place of a page that cannot be shown, and the way back. */
export function PageProblem({ title, message }: { title: string; message: string }) {
  return (
    <section className="page">
      <div className="page-problem" role="alert" data-testid="page-problem">
        <h1>{title}</h1>
        <p>{message}</p>
        <a className="button" href={href.projects()} data-testid="back-to-projects">
          ← Back to projects
        </a>
      </div>
    </section>
  );
}
