// The browser session: a new tab signed in by the cookie's session, tokens renewed without the user
// noticing, a session that is over asked for again over the page (nothing typed is lost), sign-out
// for every tab and without the previous user's page, and tabs that never refresh at once.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppRoutes } from '../App';
import { ADMIN, type FakeCall, fakeGraphql, json, TestApi } from '../test/helpers';
import { setNavigator } from './client';
import { renewSession, SESSION_CHANNEL, session, signOut, startSession } from './session';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const FAR = 4102444800; // 2100-01-01
const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

const user = (email: string) => ({
  id: `U-${email}`,
  email,
  role: 'ANALYST',
  partnerId: null,
  disabled: false,
  createdAt: '2026-12-01T00:00:00Z',
});

/** The users page: page 1 has a next page, page 2 one more user. */
const handlers = {
  Viewer: () => ({ viewer: ADMIN }),
  Users: (v: Record<string, unknown>) => ({
    users: {
      totalCount: 3,
      pageInfo: { hasNextPage: !v.after, endCursor: v.after ? null : 'c2' },
      nodes: v.after ? [user('third@example.com')] : [{ ...user(ADMIN.label), role: 'ADMIN' }, user('analyst@example.com')],
    },
  }),
};

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

/** The app's routes at `path`, as the browser shows them. */
function renderApp(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AppRoutes />
      <Where />
    </MemoryRouter>,
    { wrapper: TestApi },
  );
}

const ops = (calls: FakeCall[]) => calls.map((c) => `${c.operation} ${c.authorization ?? '-'}`);

describe('the session', () => {
  it('signs a new tab in with the browser’s session: start-up asks /auth/refresh, nothing is stored', async () => {
    // A new tab: fresh modules, nothing in memory; the browser has the session cookie.
    vi.resetModules();
    const fresh = await import('./session');
    const { App } = await import('../App');
    const calls = fakeGraphql(handlers, {
      auth: { '/auth/refresh': () => json(200, { accessToken: 'tok-1', expiresAt: FAR }) },
      accepts: (a) => a === 'Bearer tok-1',
    });
    window.history.replaceState(null, '', '/admin/users');
    void fresh.startSession();
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Users', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('viewer-label')).toHaveTextContent(ADMIN.label);
    expect(window.location.pathname).toBe('/admin/users');
    expect(ops(calls).slice(0, 3)).toEqual(['/auth/refresh -', 'Viewer Bearer tok-1', 'Users Bearer tok-1']);
    const refresh = vi.mocked(fetch).mock.calls[0]!;
    expect(refresh[1]).toMatchObject({ method: 'POST', body: '{}', credentials: 'same-origin' });
    expect(new Headers(refresh[1]?.headers).get('Content-Type')).toBe('application/json');
    expect(sessionStorage.length + localStorage.length).toBe(0);
    fresh.resetSession();
  });

  it('starts signed out, and goes to sign-in keeping the page asked for, when the browser has no session', async () => {
    fakeGraphql(handlers, {
      auth: { '/auth/refresh': () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'no session' } }) },
    });
    void startSession();
    renderApp('/users?after=c2');
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/sign-in?next=%2Fusers%3Fafter%3Dc2'));
  });

  it('starts signed out when the browser has no session cookie (the server says 204, no error)', async () => {
    const calls = fakeGraphql(handlers, {
      auth: { '/auth/refresh': () => new Response(null, { status: 204 }) },
    });
    void startSession();
    renderApp('/partners');
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('/sign-in?next=%2Fpartners'));
    expect(ops(calls)).toEqual(['/auth/refresh -']);
  });

  it('renews a refused access token silently and sends the refused request again', async () => {
    session.set('tok-old', FAR);
    const calls = fakeGraphql(handlers, {
      auth: { '/auth/refresh': () => json(200, { accessToken: 'tok-new', expiresAt: FAR }) },
      accepts: (a) => a === 'Bearer tok-new',
    });
    renderApp('/users');
    expect(await screen.findByText('analyst@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    // Both first requests were refused; one refresh renewed the token for both, then each went again.
    const seen = ops(calls);
    expect(seen.filter((c) => c === '/auth/refresh -')).toHaveLength(1);
    expect(seen).toContain('Viewer Bearer tok-new');
    expect(seen).toContain('Users Bearer tok-new');
    expect(seen.indexOf('/auth/refresh -')).toBeLessThan(seen.indexOf('Users Bearer tok-new'));
    expect(session.token()).toBe('tok-new');
  });

  it('renews a token about to expire before sending a request with it', async () => {
    session.set('tok-old', inSeconds(3));
    const calls = fakeGraphql(handlers, {
      auth: { '/auth/refresh': () => json(200, { accessToken: 'tok-new', expiresAt: FAR }) },
      accepts: (a) => a === 'Bearer tok-new',
    });
    renderApp('/users');
    expect(await screen.findByText('analyst@example.com')).toBeInTheDocument();
    expect(ops(calls).filter((c) => c.includes('tok-old'))).toEqual([]);
  });

  it('renews the token shortly before it expires, with no request asking', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const calls = fakeGraphql({}, { auth: { '/auth/refresh': () => json(200, { accessToken: 'tok-2', expiresAt: inSeconds(900) }) } });
    session.set('tok-1', inSeconds(900));
    await vi.advanceTimersByTimeAsync(800_000);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ops(calls)).toEqual(['/auth/refresh -']);
    expect(session.token()).toBe('tok-2');
  });

  /** The users page signed in with tok-1, until `revoke()`; a sign-in with the right password gives tok-2. */
  function revocableSession() {
    let revoked = false;
    const calls = fakeGraphql(handlers, {
      auth: {
        '/auth/refresh': () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'the session was revoked' } }),
        '/auth/login': (body) =>
          body.password === 'right password'
            ? json(200, { accessToken: 'tok-2', expiresAt: FAR })
            : json(401, { error: { code: 'UNAUTHENTICATED', message: 'wrong e-mail or password' } }),
      },
      accepts: (a) => (a === 'Bearer tok-1' && !revoked) || a === 'Bearer tok-2',
    });
    session.set('tok-1', FAR);
    return {
      calls,
      revoke: () => {
        revoked = true;
      },
    };
  }

  it('asks to sign in again over the page when the session is over, and keeps what was typed', async () => {
    const { calls, revoke } = revocableSession();
    const ui = userEvent.setup();
    renderApp('/users');
    await screen.findByText('analyst@example.com');
    const form = screen.getByRole('form', { name: 'Create a user' });
    const typed = within(form).getByLabelText('E-mail');
    await ui.type(typed, 'half-typed@example.com');

    // The password was reset elsewhere: the renewal due before the token expires finds no session.
    revoke();
    await act(async () => {
      void renewSession();
    });
    const dialog = await screen.findByRole('dialog', { name: 'Your session ended — sign in again' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/this page and what you typed stay as they are/);
    expect(within(dialog).getByLabelText('E-mail')).toHaveValue(ADMIN.label);
    expect(within(dialog).getByLabelText('Password')).toHaveFocus();
    // The page stays, behind the dialog and out of reach of keyboard and screen reader.
    expect(screen.getByTestId('where')).toHaveTextContent('/users');
    expect(form.closest('[inert]')).not.toBeNull();
    expect(typed).toHaveValue('half-typed@example.com');
    // Tab and Shift+Tab stay in the dialog.
    for (let i = 0; i < 4; i++) await ui.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await ui.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);

    await ui.click(within(dialog).getByLabelText('Password'));
    await ui.keyboard('wrong');
    await ui.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The e-mail or password is wrong.');
    expect(within(dialog).getByLabelText('Password')).toHaveFocus();

    await ui.clear(within(dialog).getByLabelText('Password'));
    await ui.type(within(dialog).getByLabelText('Password'), 'right password');
    await ui.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // Back where the user was: the same page, the text typed, focus in the field.
    expect(form.closest('[inert]')).toBeNull();
    expect(typed).toHaveValue('half-typed@example.com');
    expect(typed).toHaveFocus();
    expect(screen.getByTestId('where')).toHaveTextContent('/users');
    expect(calls.filter((c) => c.operation === '/auth/login').at(-1)?.variables).toEqual({
      email: ADMIN.label,
      password: 'right password',
    });
    expect(session.token()).toBe('tok-2');
  });

  it('sends a request refused because the session is over again once the user signs in again', async () => {
    const { calls, revoke } = revocableSession();
    const ui = userEvent.setup();
    renderApp('/users');
    await screen.findByText('analyst@example.com');
    revoke();
    await ui.click(screen.getByRole('button', { name: 'Next' }));
    const dialog = await screen.findByRole('dialog', { name: 'Your session ended — sign in again' });
    await ui.type(within(dialog).getByLabelText('Password'), 'right password');
    await ui.keyboard('{Enter}');
    expect(await screen.findByText('third@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    const users = ops(calls).filter((c) => c.startsWith('Users') || c.startsWith('/auth'));
    expect(users.slice(-4)).toEqual(['Users Bearer tok-1', '/auth/refresh -', '/auth/login -', 'Users Bearer tok-2']);
    expect(calls.at(-1)?.variables).toMatchObject({ after: 'c2' });
    expect(screen.getByTestId('where')).toHaveTextContent('/users');
  });

  it('signs out: the session is revoked, the other tabs are told, and sign-in keeps no ?next', async () => {
    const calls = fakeGraphql(handlers, { auth: { '/auth/logout': () => new Response(null, { status: 204 }) } });
    const otherTab = new BroadcastChannel(SESSION_CHANNEL);
    const told: unknown[] = [];
    otherTab.onmessage = (e: MessageEvent) => told.push(e.data);
    session.set('tok-1', FAR, ADMIN.label);
    const ui = userEvent.setup();
    const view = renderApp('/partners/P007/professionals?asOf=2024-06');
    await ui.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent(/^\/sign-in$/));
    expect(await screen.findByRole('status')).toHaveTextContent('You are signed out.');
    expect(ops(calls)).toContain('/auth/logout -');
    expect(session.token()).toBeNull();
    await waitFor(() => expect(told).toEqual([{ type: 'signed-out' }]));
    otherTab.close();
    view.unmount();
  });

  it('follows a sign-out in another tab to the sign-in page, without this page in ?next', async () => {
    fakeGraphql(handlers);
    session.set('tok-1', FAR);
    renderApp('/users');
    await screen.findByText('analyst@example.com');
    const otherTab = new BroadcastChannel(SESSION_CHANNEL);
    otherTab.postMessage({ type: 'signed-out' });
    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent(/^\/sign-in$/));
    expect(session.token()).toBeNull();
    otherTab.close();
  });

  it('takes the token another tab got, and signs in with another tab’s sign-in', async () => {
    fakeGraphql(handlers, {
      auth: { '/auth/refresh': () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'no session' } }) },
      accepts: (a) => a === 'Bearer tok-9',
    });
    await startSession();
    renderApp('/sign-in?next=%2Fusers');
    const otherTab = new BroadcastChannel(SESSION_CHANNEL);
    otherTab.postMessage({ type: 'token', accessToken: 'tok-9', expiresAt: FAR, email: ADMIN.label });
    expect(await screen.findByText('analyst@example.com')).toBeInTheDocument();
    expect(screen.getByTestId('where')).toHaveTextContent('/users');
    otherTab.close();
  });

  it('never refreshes in two tabs at once: the refresh lock orders them', async () => {
    // Two tabs of one browser: each its own modules; one Web Locks manager for both.
    const held: (() => void)[] = [];
    let locked = false;
    const request = async <T,>(_name: string, task: () => Promise<T>): Promise<T> => {
      while (locked) await new Promise<void>((r) => held.push(r));
      locked = true;
      try {
        return await task();
      } finally {
        locked = false;
        held.shift()?.();
      }
    };
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    let inFlight = 0;
    let most = 0;
    let n = 0;
    fakeGraphql(
      {},
      {
        auth: {
          '/auth/refresh': async () => {
            inFlight += 1;
            most = Math.max(most, inFlight);
            await new Promise((r) => setTimeout(r, 20));
            inFlight -= 1;
            n += 1;
            return json(200, { accessToken: `tok-${n + 1}`, expiresAt: FAR - 100 + n });
          },
        },
      },
    );
    vi.resetModules();
    const tabA = await import('./session');
    vi.resetModules();
    const tabB = await import('./session');
    expect(tabA).not.toBe(tabB);
    await Promise.all([tabA.startSession(), tabB.startSession()]);
    await act(async () => {
      await Promise.all([tabA.renewSession(), tabB.renewSession()]);
    });
    expect(most).toBe(1);
    expect(tabA.session.token()).toMatch(/^tok-/);
    expect(tabB.session.token()).toMatch(/^tok-/);
    tabA.resetSession();
    tabB.resetSession();
    Reflect.deleteProperty(navigator, 'locks');
  });

  it('resolves at once without a session: the request gets the API’s own answer', async () => {
    await expect(renewSession()).resolves.toBeUndefined();
  });

  it('signOut goes to sign-in even when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const navigations: string[] = [];
    const restore = setNavigator((p) => navigations.push(p));
    session.set('tok-1', FAR);
    await signOut();
    expect(navigations).toEqual(['/sign-in']);
    expect(session.status()).toBe('signed-out');
    restore();
  });
});
