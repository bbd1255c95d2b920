import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../api/session';
import { SignIn } from './SignIn';

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

function renderSignIn(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => vi.unstubAllGlobals());

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

describe('SignIn', () => {
  it('after an expired session, signs in and returns to the page the user was on', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => json(200, { accessToken: 'fresh-token', expiresAt: 4102444800 }));
    vi.stubGlobal('fetch', fetchMock);
    renderSignIn('/sign-in?next=%2Fpartners%2FP7%2Fprofessionals%3FasOf%3D2024-06&reason=expired');
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended');
    await userEvent.type(screen.getByLabelText('E-mail'), 'admin@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByTestId('where')).toHaveTextContent('/partners/P7/professionals?asOf=2024-06');
    expect(session.token()).toBe('fresh-token');
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/auth/login');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
    expect(init.credentials).toBe('same-origin');
    expect(JSON.parse(String(init.body))).toEqual({ email: 'admin@example.com', password: 'secret' });
    // In memory only: nothing of the session is written where another script or tab could read it.
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
  });

  it('says the e-mail or password is wrong, and too many attempts', async () => {
    let answer = () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'wrong e-mail or password' } });
    vi.stubGlobal('fetch', vi.fn(async () => answer()));
    renderSignIn('/sign-in');
    await userEvent.type(screen.getByLabelText('E-mail'), 'admin@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The e-mail or password is wrong.');
    answer = () => json(429, { error: { code: 'RATE_LIMITED', message: 'too many failed sign-ins' } }, { 'Retry-After': '30' });
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Wait 30 seconds, then try again.');
    expect(session.token()).toBeNull();
  });
});
