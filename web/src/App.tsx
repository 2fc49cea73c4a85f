import { Suspense, lazy } from 'react';
import { MeContext } from './me.js';
import { useRoute } from './router.js';
import { useSession } from './session.js';
import { DocumentPage } from './pages/DocumentPage.js';
import { ProjectPage } from './pages/ProjectPage.js';
import { ProjectsPage } from './pages/ProjectsPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { NotificationBell } from './components/NotificationBell.js';
import { ProfileName } from './components/ProfileName.js';
import { InboxPage } from './pages/InboxPage.js';
import { SharedWithMePage } from './pages/SharedWithMePage.js';
import { IntegrationsPage } from './pages/IntegrationsPage.js';
import { TestAccountsPage } from './pages/TestAccountsPage.js';
import { AssetsPage } from './pages/AssetsPage.js';
import { DeliveriesPage } from './pages/DeliveriesPage.js';
import { RequestsPage } from './pages/RequestsPage.js';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage.js';
import { GoogleCalendarPage } from './pages/GoogleCalendarPage.js';
import { VotingHubPage } from './votes/VotingHubPage.js';
import { useTrackedRoute } from './analytics/track.js';
import { BillingPage } from './billing/BillingPage.js';
import { YourDataPanel } from './privacy/YourDataPanel.js';
import { EraseAccountPanel } from './privacy/EraseAccountPanel.js';

// The dashboard (charts, campaign table) loads when first opened: most visits never need it.
const DashboardPage = lazy(() => import('./analytics/DashboardPage.js').then((module) => ({ default: module.DashboardPage })));

/** A share link's page loads only for those who open a link. */
const LinkPage = lazy(() => import('./pages/LinkPage.js').then((module) => ({ default: module.LinkPage })));

/** The knowledge reader and chat load only when opened (they are not on the first visit's path). */
const KnowledgePage = lazy(() => import('./knowledge/KnowledgePage.js'));

export function App() {
  const { user, devSignIn, signOut, updateProfile } = useSession();
  const route = useRoute();
  useTrackedRoute(route, Boolean(user));
  // A share link opens for anyone, signed in or not, and the same way for both: it needs no session and leaves it alone.
  if (route.page === 'link') {
    return (
      <Suspense fallback={<div className="loading">Loading…</div>}>
        <LinkPage key={route.token} token={route.token} />
      </Suspense>
    );
  }
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
        <NotificationBell />
        <ProfileName user={user} update={updateProfile} />
        <a className="link" href="#/shared" data-testid="shared-with-me-link">
          Shared with me
        </a>
        <a className="link" href="#/me" data-testid="your-data-link">
          Your data
        </a>
        <button className="link" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main>
        {route.page === 'projects' && <ProjectsPage />}
        {route.page === 'project' && <ProjectPage projectId={route.projectId} me={user} />}
        {route.page === 'document' && <DocumentPage name={route.name} />}
        {route.page === 'inbox' && <InboxPage />}
        {route.page === 'shared' && <SharedWithMePage />}
        {route.page === 'me' && (
          <section className="page">
            <YourDataPanel />
            <EraseAccountPanel email={user.email} signOut={signOut} />
          </section>
        )}
        {route.page === 'notification-settings' && <NotificationSettingsPage key={route.projectId} projectId={route.projectId} />}
        {route.page === 'integrations' && <IntegrationsPage projectId={route.projectId} />}
        {route.page === 'votes' && <VotingHubPage key={route.projectId} projectId={route.projectId} />}
        {route.page === 'knowledge' && (
          <Suspense fallback={<div className="loading">Loading…</div>}>
            <KnowledgePage key={route.projectId} projectId={route.projectId} />
          </Suspense>
        )}
        {route.page === 'assets' && <AssetsPage key={route.projectId} projectId={route.projectId} />}
        {route.page === 'dashboard' && (
          <Suspense fallback={<p className="loading" role="status">Loading…</p>}>
            <DashboardPage key={route.projectId} projectId={route.projectId} />
          </Suspense>
        )}
        {route.page === 'billing' && <BillingPage key={route.projectId} projectId={route.projectId} />}
        {route.page === 'test-accounts' && <TestAccountsPage key={route.projectId} projectId={route.projectId} />}
        {route.page === 'requests' && <RequestsPage key={route.projectId} projectId={route.projectId} requestId={route.requestId} />}
        {route.page === 'google-calendar' && <GoogleCalendarPage key={route.projectId} projectId={route.projectId} connected={route.connected ?? false} oauthError={route.oauthError ?? null} />}
        {route.page === 'deliveries' && <DeliveriesPage key={route.integrationId ?? ''} projectId={route.projectId} integrationId={route.integrationId} />}
      </main>
    </div>
    </MeContext.Provider>
  );
}
