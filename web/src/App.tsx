import { MeContext } from './me.js';
import { useRoute } from './router.js';
import { useSession } from './session.js';
import { DocumentPage } from './pages/DocumentPage.js';
import { ProjectPage } from './pages/ProjectPage.js';
import { ProjectsPage } from './pages/ProjectsPage.js';
import { SignInPage } from './pages/SignInPage.js';

export function App() {
  const { user, devSignIn, signOut } = useSession();
  const route = useRoute();
  if (user === undefined) return <div className="loading">Loading…</div>;
  if (user === null) return <SignInPage onDevSignIn={devSignIn} />;
  return (
    <MeContext.Provider value={user}>
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          Studio
        </a>
        <span className="spacer" />
        <span className="me" data-testid="me">
          {user.name || user.email}
        </span>
        <button className="link" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main>
        {route.page === 'projects' && <ProjectsPage />}
        {route.page === 'project' && <ProjectPage projectId={route.projectId} me={user} />}
        {route.page === 'document' && <DocumentPage name={route.name} />}
      </main>
    </div>
    </MeContext.Provider>
  );
}
