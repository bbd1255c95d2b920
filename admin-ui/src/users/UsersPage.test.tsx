// Users: Disable asks for confirmation and is never offered on one's own row; an e-mail already taken
// is said in the API's words, not as "someone else changed this record".
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { UsersPage } from './UsersPage';

afterEach(() => vi.unstubAllGlobals());

const user = (email: string, disabled = false) => ({
  id: `U-${email}`,
  email,
  role: 'ANALYST',
  partnerId: null,
  disabled,
  createdAt: '2026-12-01T00:00:00Z',
});

const users = () => ({
  users: {
    totalCount: 2,
    pageInfo: { hasNextPage: false, endCursor: null },
    nodes: [{ ...user(ADMIN.label), role: 'ADMIN' }, user('analyst@example.com')],
  },
});

describe('UsersPage', () => {
  it('asks for confirmation before disabling a user, and Cancel disables nothing', async () => {
    const calls = fakeGraphql({ Users: users, DisableUser: () => ({ disableUser: { userErrors: [] } }) });
    const ui = userEvent.setup();
    renderAt(<UsersPage />);
    const row = (await screen.findByText('analyst@example.com')).closest('tr') as HTMLElement;
    await ui.click(within(row).getByRole('button', { name: 'Disable analyst@example.com' }));
    expect(calls.some((c) => c.operation === 'DisableUser')).toBe(false);
    const confirm = within(row).getByRole('group', { name: 'Confirm disabling analyst@example.com' });
    expect(confirm).toHaveTextContent('Disable analyst@example.com? They can no longer sign in.');
    await ui.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.operation === 'DisableUser')).toBe(false);

    await ui.click(within(row).getByRole('button', { name: 'Disable analyst@example.com' }));
    await ui.click(within(row).getByRole('button', { name: 'Yes, disable' }));
    await waitFor(() =>
      expect(calls.find((c) => c.operation === 'DisableUser')?.variables).toEqual({ email: 'analyst@example.com' }),
    );
    expect(await screen.findByText('Disabled analyst@example.com.')).toBeInTheDocument();
  });

  it("does not offer Disable on the signed-in administrator's own row", async () => {
    fakeGraphql({ Users: users });
    renderAt(<UsersPage />);
    const own = (await screen.findByText(ADMIN.label)).closest('tr') as HTMLElement;
    expect(within(own).queryByRole('button', { name: /Disable/ })).toBeNull();
    expect(within(own).getByRole('button', { name: 'Reset password' })).toBeInTheDocument();
    const other = screen.getByText('analyst@example.com').closest('tr') as HTMLElement;
    expect(within(other).getByRole('button', { name: /Disable/ })).toBeInTheDocument();
  });

  it('says an e-mail already taken in the API words, not "someone else changed this record"', async () => {
    fakeGraphql({
      Users: users,
      CreateUser: () => ({
        createUser: {
          userErrors: [{ field: ['input', 'email'], message: 'a user with this email already exists', code: 'CONFLICT' }],
        },
      }),
    });
    const ui = userEvent.setup();
    renderAt(<UsersPage />);
    await screen.findByText('analyst@example.com');
    const form = screen.getByRole('form', { name: 'Create a user' });
    await ui.type(within(form).getByLabelText('E-mail'), 'analyst@example.com');
    await ui.type(within(form).getByLabelText('Initial password'), 'a-long-password-1');
    await ui.click(within(form).getByRole('button', { name: 'Create user' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('a user with this email already exists');
    expect(alert).not.toHaveTextContent('Someone else changed this record');
  });

  it('offers Enable on a disabled user, and Disable on none of its rows', async () => {
    const calls = fakeGraphql({
      Users: () => ({
        users: {
          totalCount: 2,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [{ ...user(ADMIN.label), role: 'ADMIN' }, user('gone@example.com', true)],
        },
      }),
      EnableUser: () => ({ enableUser: { userErrors: [] } }),
    });
    const ui = userEvent.setup();
    renderAt(<UsersPage />);
    const row = (await screen.findByText('gone@example.com')).closest('tr') as HTMLElement;
    expect(within(row).queryByRole('button', { name: /Disable/ })).toBeNull();
    await ui.click(within(row).getByRole('button', { name: 'Enable gone@example.com' }));
    await waitFor(() => expect(calls.find((c) => c.operation === 'EnableUser')?.variables).toEqual({ email: 'gone@example.com' }));
    expect(await screen.findByText('Enabled gone@example.com: it may sign in again.')).toBeInTheDocument();
    const own = screen.getByText(ADMIN.label).closest('tr') as HTMLElement;
    expect(within(own).queryByRole('button', { name: /Enable/ })).toBeNull();
  });
});
