// Undo in the toast of each change the API can take back: an association just created (ended on the
// day it began, with its version), a certification just added (removed), a webhook just paused
// (resumed), a user just disabled (enabled). Each sends the reverse mutation and the view shows the
// data as the server has it again.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { impactRow, professionalsPage } from '../professionals/fixtures';
import { ProfessionalsTab } from '../professionals/ProfessionalsTab';
import { ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { UsersPage } from '../users/UsersPage';
import { webhook } from '../webhooks/fixtures';
import { WebhooksPage } from '../webhooks/WebhooksPage';

afterEach(() => vi.unstubAllGlobals());

const toasts = () => screen.getByRole('status', { name: 'Notifications' });
const count = (calls: { operation: string }[], operation: string) => calls.filter((c) => c.operation === operation).length;

describe('Undo', () => {
  it('ends an association just created on the day it began, with its version, and the list is loaded again', async () => {
    let associated = false;
    const page = () => {
      const data = professionalsPage();
      if (associated && data.partner) {
        const [first] = data.partner.professionals.nodes;
        data.partner.professionals.nodes.push({
          ...first!,
          id: 'A9',
          associatedOn: '2024-06-01',
          version: 1,
          professional: { ...first!.professional, id: 'X9', professionalId: 'M9', name: 'Grace Hopper', certifications: [] },
        });
      }
      return data;
    };
    const calls = fakeGraphql({
      PartnerProfessionals: page,
      AssociateProfessional: () => {
        associated = true;
        return {
          associateProfessional: {
            association: { id: 'A9', version: 1, associatedOn: '2024-06-01', removedOn: null },
            userErrors: [],
            scoreImpact: [impactRow('P001', 'SECURITY', 30, 36.67)],
          },
        };
      },
      EndAssociation: () => {
        associated = false;
        return {
          endAssociation: {
            association: { id: 'A9', version: 2, associatedOn: '2024-06-01', removedOn: '2024-06-01' },
            userErrors: [],
            scoreImpact: [impactRow('P001', 'SECURITY', 36.67, 30)],
          },
        };
      },
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'Associate a professional' }));
    const add = screen.getByRole('form', { name: 'Associate a professional' });
    await ui.type(within(add).getByLabelText('Professional ID'), 'M9');
    await ui.click(within(add).getByRole('button', { name: 'Associate' }));

    const toast = await within(toasts()).findByTestId('toast');
    expect(toast).toHaveTextContent('M9 is now associated with P001.');
    expect(await screen.findByText('Grace Hopper')).toBeInTheDocument();
    const loaded = count(calls, 'PartnerProfessionals');

    await ui.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(await within(toast).findByText('Undone: M9 is no longer associated with P001.')).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'EndAssociation')?.variables).toEqual({
      input: { associationId: 'A9', removedOn: '2024-06-01', version: 1 },
    });
    await waitFor(() => expect(screen.queryByText('Grace Hopper')).toBeNull());
    expect(count(calls, 'PartnerProfessionals')).toBeGreaterThan(loaded);
  });

  it('removes a certification just added, with the version the API gave it', async () => {
    const calls = fakeGraphql({
      PartnerProfessionals: professionalsPage,
      CertificationCatalogue: () => ({
        certifications: [{ code: 'SC-200', name: 'Security Operations Analyst', level: 'Associate', retiredOn: null }],
      }),
      AddCertification: () => ({
        addCertification: {
          certification: { code: 'SC-200', earnedOn: '2024-06-01', version: 1 },
          userErrors: [],
          scoreImpact: [impactRow('P001', 'SECURITY', 30, 36.67)],
        },
      }),
      RemoveCertification: () => ({
        removeCertification: { userErrors: [], scoreImpact: [impactRow('P001', 'SECURITY', 36.67, 30)] },
      }),
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'Details of Ada Lovelace' }));
    const panel = screen.getByTestId('professional-panel');
    await ui.click(within(panel).getByRole('button', { name: 'Add a certification' }));
    const form = within(panel).getByRole('form', { name: 'Add a certification' });
    await waitFor(() => expect(within(form).getByLabelText('Certification')).toHaveTextContent('SC-200'));
    await ui.selectOptions(within(form).getByLabelText('Certification'), 'SC-200');
    await ui.click(within(form).getByRole('button', { name: 'Add certification' }));

    const toast = await within(toasts()).findByTestId('toast');
    expect(toast).toHaveTextContent('SC-200 (earned 2024-06-01) added to Ada Lovelace.');
    const loaded = count(calls, 'PartnerProfessionals');
    await ui.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(await within(toast).findByText('Undone: SC-200 (earned 2024-06-01) removed from Ada Lovelace.')).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'RemoveCertification')?.variables).toEqual({
      input: { professionalId: 'M0', code: 'SC-200', earnedOn: '2024-06-01', version: 1 },
    });
    await waitFor(() => expect(count(calls, 'PartnerProfessionals')).toBeGreaterThan(loaded));
  });

  it('resumes a webhook just paused, and the list shows it active again', async () => {
    let paused = false;
    const calls = fakeGraphql({
      Webhooks: () => ({
        webhooks: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [webhook({ paused })] },
      }),
      UpdateWebhook: (v) => {
        paused = Boolean((v.input as { paused: boolean }).paused);
        return { updateWebhook: { webhook: webhook({ paused }), userErrors: [] } };
      },
    });
    const ui = userEvent.setup();
    renderAt(<WebhooksPage />);
    await screen.findByRole('article');
    await ui.click(screen.getByRole('button', { name: 'Pause' }));
    const toast = await within(toasts()).findByTestId('toast');
    expect(toast).toHaveTextContent('Paused https://hooks.example.com/partnergraph: no deliveries are queued until it is resumed.');
    await waitFor(() => expect(screen.getByTestId('webhook-state')).toHaveTextContent('Paused'));
    const loaded = count(calls, 'Webhooks');

    await ui.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(await within(toast).findByText('Undone: https://hooks.example.com/partnergraph is active again.')).toBeInTheDocument();
    expect(calls.filter((c) => c.operation === 'UpdateWebhook').map((c) => c.variables)).toEqual([
      { input: { id: 'V2ViaG9vazox', paused: true } },
      { input: { id: 'V2ViaG9vazox', paused: false } },
    ]);
    await waitFor(() => expect(screen.getByTestId('webhook-state')).toHaveTextContent('Active'));
    await waitFor(() => expect(count(calls, 'Webhooks')).toBeGreaterThan(loaded));
  });

  it('enables a user just disabled', async () => {
    let disabled = false;
    const calls = fakeGraphql({
      Users: () => ({
        users: {
          totalCount: 1,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: [
            { id: 'U1', email: 'analyst@example.com', role: 'ANALYST', partnerId: null, disabled, createdAt: '2026-12-01T00:00:00Z' },
          ],
        },
      }),
      DisableUser: () => {
        disabled = true;
        return { disableUser: { userErrors: [] } };
      },
      EnableUser: () => {
        disabled = false;
        return { enableUser: { userErrors: [] } };
      },
    });
    const ui = userEvent.setup();
    renderAt(<UsersPage />);
    const row = (await screen.findByText('analyst@example.com')).closest('tr') as HTMLElement;
    await ui.click(within(row).getByRole('button', { name: 'Disable analyst@example.com' }));
    await ui.click(within(row).getByRole('button', { name: 'Yes, disable' }));
    const toast = await within(toasts()).findByTestId('toast');
    expect(toast).toHaveTextContent('Disabled analyst@example.com.');
    expect(await screen.findByText('Disabled')).toBeInTheDocument();

    await ui.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(await within(toast).findByText('Undone: analyst@example.com is enabled again.')).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'EnableUser')?.variables).toEqual({ email: 'analyst@example.com' });
    await waitFor(() => expect(screen.queryByText('Disabled')).toBeNull());
  });
});
