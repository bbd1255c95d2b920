import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../api/client';
import { fakeGraphql } from '../test/helpers';
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

describe('SignIn', () => {
  it('after an expired session, signs in and returns to the page the user was on', async () => {
    fakeGraphql({ Login: () => ({ login: { token: 'fresh-token' } }) });
    renderSignIn('/sign-in?next=%2Fpartners%2FP7%2Fprofessionals%3FasOf%3D2024-06&reason=expired');
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended');
    await userEvent.type(screen.getByLabelText('E-mail'), 'admin@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByTestId('where')).toHaveTextContent('/partners/P7/professionals?asOf=2024-06');
    expect(session.token()).toBe('fresh-token');
  });

  it('says the e-mail or password is wrong, and too many attempts', async () => {
    let code = 'UNAUTHENTICATED';
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ data: null, errors: [{ message: 'no', extensions: { code } }] }))),
    );
    renderSignIn('/sign-in');
    await userEvent.type(screen.getByLabelText('E-mail'), 'admin@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The e-mail or password is wrong.');
    code = 'RATE_LIMITED';
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts.');
    expect(session.token()).toBeNull();
  });
});
