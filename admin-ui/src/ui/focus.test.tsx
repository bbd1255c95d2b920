// Focus after the actions that remove what had it: a wrong password, Escape in an inline form, End.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignIn } from '../auth/SignIn';
import { SpecializationGrants } from '../partners/SpecializationGrants';
import { AssociationActions } from '../professionals/AssociationActions';
import { ProfessionalsTab } from '../professionals/ProfessionalsTab';
import { UsersPage } from '../users/UsersPage';
import { webhook } from '../webhooks/fixtures';
import { WebhooksPage } from '../webhooks/WebhooksPage';
import type { PartnerProfessionalsQuery } from '../gql/graphql';
import { ADMIN, fakeGraphql, renderAt } from '../test/helpers';

afterEach(() => vi.unstubAllGlobals());

function oneProfessional(): PartnerProfessionalsQuery {
  return {
    latestMonth: '2024-06',
    partner: {
      partnerId: 'P001',
      name: 'Contoso',
      professionals: {
        totalCount: 1,
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: [
          {
            id: 'A1',
            associatedOn: '2023-01-01',
            removedOn: null,
            active: true,
            version: 3,
            professional: {
              id: 'X1',
              professionalId: 'M0',
              name: 'Ada Lovelace',
              email: null,
              version: 1,
              certifications: [],
              countsFor: [],
            },
          },
        ],
      },
    },
  };
}

describe('focus', () => {
  it('puts focus on the password field after a wrong password', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'wrong e-mail or password' } }), {
            status: 401,
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
    );
    render(
      <MemoryRouter initialEntries={['/sign-in']}>
        <Routes>
          <Route path="/sign-in" element={<SignIn />} />
        </Routes>
      </MemoryRouter>,
    );
    await userEvent.type(screen.getByLabelText('E-mail'), 'admin@example.com');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The e-mail or password is wrong.');
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('Escape closes the End and Move forms of an association and returns focus to the button that opened them', async () => {
    renderAt(
      <AssociationActions
        association={{ id: 'A1', version: 1, associatedOn: '2023-01-01' }}
        professional={{ professionalId: 'M0', name: 'Ada Lovelace' }}
        partnerId="P001"
        onDone={() => {}}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'End the association of Ada Lovelace' }));
    await userEvent.click(screen.getByLabelText('Last day counted'));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'End association' })).toBeNull();
    expect(screen.getByRole('button', { name: 'End the association of Ada Lovelace' })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'Move Ada Lovelace to another partner' }));
    expect(screen.getByLabelText('To partner (PartnerID)')).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Move professional' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Move Ada Lovelace to another partner' })).toHaveFocus();

    // Cancel returns focus the same way.
    await userEvent.click(screen.getByRole('button', { name: 'End the association of Ada Lovelace' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: 'End the association of Ada Lovelace' })).toHaveFocus();
  });

  it('Escape closes the specialization forms and returns focus to their buttons', async () => {
    renderAt(
      <SpecializationGrants
        partnerId="P001"
        grants={[
          {
            code: 'THREAT_PROTECTION',
            grantedOn: '2024-01-01',
            expiresOn: null,
            validation: 'NONE',
            version: 1,
            active: true,
            specialization: { name: 'Threat Protection' },
          },
        ]}
        standing={[
          { code: 'THREAT_PROTECTION', name: 'Threat Protection', held: true, prerequisiteMet: true, benefitsGranted: true, detail: '' },
        ]}
        onChanged={() => {}}
      />,
      { viewer: ADMIN },
    );
    await userEvent.click(screen.getByRole('button', { name: 'End Threat Protection' }));
    expect(screen.getByRole('form', { name: 'End Threat Protection' })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'End Threat Protection' })).toBeNull();
    expect(screen.getByRole('button', { name: 'End Threat Protection' })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'Record a specialization' }));
    expect(screen.getByRole('form', { name: 'Record a specialization' })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Record a specialization' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Record a specialization' })).toHaveFocus();
  });

  it('Escape closes the association panel and returns focus to its button; after End, focus is on the list heading', async () => {
    fakeGraphql({
      PartnerProfessionals: oneProfessional,
      EndAssociation: () => ({ endAssociation: { userErrors: [], scoreImpact: [] } }),
    });
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    const table = await screen.findByRole('table', { name: 'Certified professionals' });

    await userEvent.click(screen.getByRole('button', { name: 'Associate a professional' }));
    expect(screen.getByLabelText('Professional ID')).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByLabelText('Professional ID')).toBeNull();
    expect(screen.getByRole('button', { name: 'Associate a professional' })).toHaveFocus();

    await userEvent.click(within(table).getByRole('button', { name: 'End the association of Ada Lovelace' }));
    await userEvent.click(within(table).getByRole('button', { name: 'End association' }));
    expect(await screen.findByText(/association with P001 ends on/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Certified professionals' })).toHaveFocus();
  });

  it('Escape closes the reset-password form of a user and returns focus to its button', async () => {
    fakeGraphql({
      Users: () => ({
        users: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [{ id: 'U2', email: 'analyst@example.com', role: 'ANALYST', partnerId: null, disabled: false, createdAt: '2024-01-01T00:00:00Z' }],
        },
      }),
    });
    renderAt(<UsersPage />, { viewer: ADMIN });
    const table = await screen.findByRole('table', { name: 'Users' });
    await userEvent.click(within(table).getByRole('button', { name: 'Reset password' }));
    expect(within(table).getByLabelText('New password for analyst@example.com')).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(within(table).queryByLabelText('New password for analyst@example.com')).toBeNull();
    expect(within(table).getByRole('button', { name: 'Reset password' })).toHaveFocus();
  });

  it('Escape closes the confirmation of disabling a user and returns focus to Disable', async () => {
    fakeGraphql({
      Users: () => ({
        users: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [{ id: 'U2', email: 'analyst@example.com', role: 'ANALYST', partnerId: null, disabled: false, createdAt: '2024-01-01T00:00:00Z' }],
        },
      }),
    });
    renderAt(<UsersPage />, { viewer: ADMIN });
    const table = await screen.findByRole('table', { name: 'Users' });
    await userEvent.click(within(table).getByRole('button', { name: 'Disable analyst@example.com' }));
    expect(within(table).getByRole('group', { name: 'Confirm disabling analyst@example.com' })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(within(table).queryByRole('group', { name: 'Confirm disabling analyst@example.com' })).toBeNull();
    expect(within(table).getByRole('button', { name: 'Disable analyst@example.com' })).toHaveFocus();
  });

  it('Escape closes the webhook form and the delete confirmation, focus back on their buttons', async () => {
    fakeGraphql({
      Webhooks: () => ({ webhooks: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [webhook()] } }),
    });
    renderAt(<WebhooksPage />, { viewer: ADMIN });
    const card = await screen.findByRole('article', { name: webhook().url });
    await userEvent.click(screen.getByRole('button', { name: 'Register webhook' }));
    const form = screen.getByRole('form', { name: 'Register webhook' });
    await userEvent.click(within(form).getByLabelText('URL'));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('form', { name: 'Register webhook' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Register webhook' })).toHaveFocus();

    await userEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    expect(within(card).getByRole('group', { name: `Confirm deleting ${webhook().url}` })).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(within(card).queryByRole('group', { name: `Confirm deleting ${webhook().url}` })).toBeNull();
    expect(within(card).getByRole('button', { name: 'Delete' })).toHaveFocus();
  });
});
