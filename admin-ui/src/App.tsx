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
import { BASENAME, setNavigator, signInPath } from './api/client';
import { session, signOut } from './api/session';
import { apiClient } from './api/urql';
import { AuditPage } from './audit/AuditPage';
import { ReauthDialog } from './auth/ReauthDialog';
import { SignIn } from './auth/SignIn';
import {
  ROLE_LABELS,
  ViewerProvider,
  canManageUsers,
  canManageWebhooks,
  useSession,
  useViewer,
  useViewerQuery,
} from './auth/viewer';
import { NearMisses } from './home/NearMisses';
import { ProgramOverview } from './home/ProgramOverview';
import { PartnerPage } from './partners/PartnerPage';
import { PartnersList } from './partners/PartnersList';
import { ErrorMessage, Loading } from './ui/Feedback';
import { ToastProvider } from './ui/Toasts';
import { UsersPage } from './users/UsersPage';
import { WebhooksPage } from './webhooks/WebhooksPage';

/** Lets the client module navigate inside the app (to sign-in) without reloading the page. */
function NavigatorBridge() {
  const navigate = useNavigate();
  useEffect(() => setNavigator((path) => navigate(path)), [navigate]);
  return null;
}

/**
 * Everything behind sign-in: waits for the session at start-up, and sends a user without one to the
 * sign-in page (with the page asked for, unless they signed out).
 */
function SignedIn() {
  const current = useSession();
  const location = useLocation();
  const here = `${location.pathname}${location.search}${location.hash}`;
  if (current.status === 'starting') {
    return (
      <main className="page">
        <Loading label="Signing in…" />
      </main>
    );
  }
  // Signed out by the user (here or in another tab): the sign-in page keeps nothing of their page.
  if (current.status === 'signed-out') {
    return <Navigate to={current.reason === 'signed-out' ? '/sign-in' : signInPath(here, current.reason)} replace />;
  }
  return <SessionShell ended={current.status === 'ended'} email={current.email} here={here} />;
}

/**
 * Loads the viewer, then shows the shell. When the session ends while the page is open, the page
 * stays (inert) under the dialog that asks to sign in again; after it, focus goes back where it was.
 */
function SessionShell({ ended, email, here }: { ended: boolean; email: string | null; here: string }) {
  const { data, error, loading, refetch } = useViewerQuery();
  const label = data?.viewer?.label;
  const lastFocus = useRef<Element | null>(null);
  useEffect(() => {
    if (label) session.rememberEmail(label);
  }, [label]);
  useEffect(() => {
    if (ended) return;
    const back = lastFocus.current;
    lastFocus.current = null;
    if (back instanceof HTMLElement && back.isConnected) {
      back.focus();
      // A control disabled meanwhile (a page loading) cannot take it: the page's main region does.
      if (document.activeElement !== back) document.getElementById('content')?.focus();
    }
    const remember = (e: FocusEvent) => {
      lastFocus.current = e.target instanceof Element ? e.target : null;
    };
    document.addEventListener('focusin', remember);
    return () => document.removeEventListener('focusin', remember);
  }, [ended]);

  let content: ReactNode;
  if (error && !ended) {
    content = (
      <main className="page">
        <ErrorMessage error={error} onRetry={refetch} />
      </main>
    );
  } else if (!data) {
    content = (
      <main className="page">
        <Loading label={loading ? 'Loading your profile…' : 'Waiting for sign-in…'} />
      </main>
    );
  } else if (!data.viewer) {
    return <Navigate to={signInPath(here, 'expired')} replace />;
  } else {
    content = (
      <ViewerProvider value={data.viewer}>
        <Shell />
      </ViewerProvider>
    );
  }
  return (
    <>
      <div className="app-shell" inert={ended}>
        {content}
      </div>
      {ended && <ReauthDialog email={email ?? label ?? ''} />}
    </>
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
  const main = useRef<HTMLElement>(null);
  usePageHeading(main);
  const partnersLink =
    viewer.role === 'PARTNER_ADMIN' && viewer.partnerId ? `/partners/${encodeURIComponent(viewer.partnerId)}` : '/partners';
  return (
    <ToastProvider>
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
              onClick={() => void signOut()}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="content" className="page" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </ToastProvider>
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
