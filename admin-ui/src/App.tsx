// Routes and the signed-in shell: header, navigation, who is signed in, sign out. The start page is the
// program overview, for every role (the server scopes what it counts).
import { type ReactNode, type RefObject, useEffect, useRef, useSyncExternalStore } from 'react';
import {
  BrowserRouter,
  Navigate,
  NavLink,
  Outlet,
  Route,
  Routes,
  useLocation,
  useNavigate,
} from 'react-router-dom';
import { Provider } from 'urql';
import { BASENAME, session, setNavigator, signInPath, signOut } from './api/client';
import { apiClient } from './api/urql';
import { AuditPage } from './audit/AuditPage';
import { SignIn } from './auth/SignIn';
import { ROLE_LABELS, ViewerProvider, canManageUsers, canManageWebhooks, useViewer, useViewerQuery } from './auth/viewer';
import { NearMisses } from './home/NearMisses';
import { ProgramOverview } from './home/ProgramOverview';
import { PartnerPage } from './partners/PartnerPage';
import { PartnersList } from './partners/PartnersList';
import { ErrorMessage, Loading } from './ui/Feedback';
import { UsersPage } from './users/UsersPage';
import { WebhooksPage } from './webhooks/WebhooksPage';

/** Lets the client module navigate inside the app (to sign-in) without reloading the page. */
function NavigatorBridge() {
  const navigate = useNavigate();
  useEffect(() => setNavigator((path) => navigate(path)), [navigate]);
  return null;
}

/** Everything behind sign-in: loads the viewer, then shows the shell. */
function SignedIn() {
  const { token, data, error, loading, refetch } = useViewerQuery();
  const location = useLocation();
  const here = `${location.pathname}${location.search}${location.hash}`;
  if (!token) return <Navigate to={signInPath(here, session.endReason())} replace />;
  if (error) {
    return (
      <main className="page">
        <ErrorMessage error={error} onRetry={refetch} />
      </main>
    );
  }
  if (loading || !data) {
    return (
      <main className="page">
        <Loading label="Loading your profile…" />
      </main>
    );
  }
  if (!data.viewer) return <Navigate to={signInPath(here, 'expired')} replace />;
  return (
    <ViewerProvider value={data.viewer}>
      <Shell />
    </ViewerProvider>
  );
}

/**
 * After each route change: focus on the page's main heading (unless the user is already on something
 * inside the page) and the window's title named after it, "<heading> · partnergraph". Pages render
 * their heading once their data is in, so the heading is watched for.
 */
function usePageHeading(main: RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  useEffect(() => {
    const root = main.current;
    if (!root) return;
    let focusPending = true;
    document.title = 'partnergraph';
    const sync = () => {
      const heading = root.querySelector('h1');
      if (!heading) return;
      const name = heading.textContent?.trim().replace(/\s+/g, ' ');
      const title = name ? `${name} · partnergraph` : 'partnergraph';
      if (document.title !== title) document.title = title;
      if (!focusPending) return;
      focusPending = false;
      const active = document.activeElement;
      // A control of the page keeps focus (a tab of the same page, say); a link of the old page, the
      // navigation or nothing (<body>) gives it to the heading.
      if (active && active !== document.body && active.isConnected && root.contains(active) && active !== root) return;
      if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
      heading.focus();
    };
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [pathname, main]);
}

function Shell() {
  const viewer = useViewer();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  usePageHeading(main);
  const partnersLink =
    viewer.role === 'PARTNER_ADMIN' && viewer.partnerId ? `/partners/${encodeURIComponent(viewer.partnerId)}` : '/partners';
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <NavLink to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            partnergraph
          </NavLink>
          <nav aria-label="Main">
            <ul className="nav">
              <li>
                <NavLink end to="/">
                  Overview
                </NavLink>
              </li>
              <li>
                <NavLink to={partnersLink}>{viewer.role === 'PARTNER_ADMIN' ? 'My partner' : 'Partners'}</NavLink>
              </li>
              <li>
                <NavLink to="/audit">Audit log</NavLink>
              </li>
              {canManageWebhooks(viewer) && (
                <li>
                  <NavLink to="/webhooks">Webhooks</NavLink>
                </li>
              )}
              {canManageUsers(viewer) && (
                <li>
                  <NavLink to="/users">Users</NavLink>
                </li>
              )}
            </ul>
          </nav>
          <div className="whoami">
            <span className="whoami-label" data-testid="viewer-label" title={viewer.label}>
              {viewer.label}
            </span>
            <span className={`role role-${viewer.role.toLowerCase()}`} data-testid="viewer-role">
              {ROLE_LABELS[viewer.role]}
            </span>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => {
                signOut();
                navigate('/sign-in', { replace: true });
              }}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="content" className="page" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}

function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <NavLink to="/">Go to the start page</NavLink>.
      </p>
    </section>
  );
}

/** The app's routes (inside a router). */
export function AppRoutes() {
  return (
    <>
      <NavigatorBridge />
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route element={<SignedIn />}>
          <Route index element={<ProgramOverview />} />
          <Route path="near-misses/:designation" element={<NearMisses />} />
          <Route path="partners" element={<PartnersList />} />
          <Route path="partners/:partnerId" element={<PartnerPage tab="scores" />} />
          <Route path="partners/:partnerId/professionals" element={<PartnerPage tab="professionals" />} />
          <Route path="partners/:partnerId/customers" element={<PartnerPage tab="customers" />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}

/** The urql client of the signed-in session: a new one (an empty cache) for each sign-in and sign-out. */
export function ApiProvider({ children }: { children: ReactNode }) {
  const client = useSyncExternalStore(session.subscribe, apiClient, apiClient);
  return <Provider value={client}>{children}</Provider>;
}

export function App() {
  return (
    <BrowserRouter basename={BASENAME}>
      <ApiProvider>
        <AppRoutes />
      </ApiProvider>
    </BrowserRouter>
  );
}
