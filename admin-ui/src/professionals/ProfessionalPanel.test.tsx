// A professional's details, opened from its row: edit its name and e-mail with the version read, and
// list, add and remove its certifications, each change with the score impact the API reports.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, ANALYST, fakeGraphql, renderAt } from '../test/helpers';
import { impactRow, professionalsPage } from './fixtures';
import { ProfessionalsTab } from './ProfessionalsTab';

/** The toasts, where a saved change is said. */
const toasts = () => screen.getByRole('status', { name: 'Notifications' });

afterEach(() => vi.unstubAllGlobals());

const catalogue = () => ({
  certifications: [
    { code: 'AZ-500', name: 'Azure Security Engineer', level: 'Associate', retiredOn: null },
    { code: 'SC-200', name: 'Security Operations Analyst', level: 'Associate', retiredOn: null },
    { code: 'SC-300', name: 'Identity and Access Administrator', level: 'Associate', retiredOn: null },
    { code: 'MS-500', name: 'Microsoft 365 Security Administrator', level: 'Associate', retiredOn: '2023-06-30' },
  ],
});

async function openAda(viewer = ADMIN) {
  const ui = userEvent.setup();
  renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer });
  await screen.findByRole('table', { name: 'Certified professionals' });
  const details = screen.getByRole('button', { name: 'Details of Ada Lovelace' });
  expect(details).toHaveAttribute('aria-expanded', 'false');
  await ui.click(details);
  const panel = screen.getByTestId('professional-panel');
  return { ui, panel, details };
}

describe('ProfessionalPanel editing', () => {
  it('saves the name and e-mail with the version read, and says so', async () => {
    const calls = fakeGraphql({
      PartnerProfessionals: professionalsPage,
      UpdateProfessional: () => ({
        updateProfessional: {
          professional: { professionalId: 'M0', name: 'Ada King', email: 'ada@example.com', version: 5 },
          userErrors: [],
        },
      }),
    });
    const { ui, panel, details } = await openAda();
    expect(details).toHaveAttribute('aria-expanded', 'true');
    expect(within(panel).getByRole('heading', { name: /Ada Lovelace M0/ })).toHaveFocus();
    const form = within(panel).getByRole('form', { name: 'Edit Ada Lovelace' });
    const save = within(form).getByRole('button', { name: 'Save name and e-mail' });
    expect(save).toBeDisabled();
    const name = within(form).getByLabelText('Name');
    await ui.clear(name);
    await ui.type(name, 'Ada King');
    await ui.click(save);
    expect(await within(toasts()).findByText('Saved the name and e-mail of Ada King.')).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'UpdateProfessional')?.variables).toEqual({
      input: { professionalId: 'M0', name: 'Ada King', email: null, version: 4 },
    });
  });

  it('shows a field problem next to its field, and a stale version as the stale-record message', async () => {
    let attempt = 0;
    fakeGraphql({
      PartnerProfessionals: professionalsPage,
      UpdateProfessional: () => {
        attempt += 1;
        return {
          updateProfessional: {
            professional: null,
            userErrors:
              attempt === 1
                ? [{ field: ['input', 'email'], message: 'is not an e-mail address', code: 'BAD_USER_INPUT' }]
                : [
                    {
                      field: ['input', 'version'],
                      message: 'the professional was changed by someone else (version 5 is current, you sent 4)',
                      code: 'CONFLICT',
                    },
                  ],
          },
        };
      },
    });
    const { ui, panel } = await openAda();
    const form = within(panel).getByRole('form', { name: 'Edit Ada Lovelace' });
    const email = within(form).getByLabelText('E-mail (empty: none)');
    await ui.clear(email);
    await ui.type(email, 'ada-at-example');
    await ui.click(within(form).getByRole('button', { name: 'Save name and e-mail' }));
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('is not an e-mail address');
    expect(within(form).queryByRole('alert')).toBeNull();

    await ui.click(within(form).getByRole('button', { name: 'Save name and e-mail' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this record after you opened it');
    expect(within(form).getByRole('button', { name: 'Reload' })).toBeInTheDocument();
  });

  it('shows an analyst the certifications but no edit control, and Escape gives focus back to Details', async () => {
    fakeGraphql({ PartnerProfessionals: professionalsPage });
    const { ui, panel, details } = await openAda(ANALYST);
    expect(within(panel).queryByRole('form')).toBeNull();
    expect(within(panel).queryByRole('button', { name: /remove|add/i })).toBeNull();
    expect(within(panel).getByText(/E-mail: ada@example.com/)).toBeInTheDocument();
    const table = within(panel).getByRole('table', { name: 'Certifications held by Ada Lovelace' });
    const row = within(table).getByRole('row', { name: /AZ-500/ });
    expect(row).toHaveTextContent('Azure Security Engineer');
    expect(row).toHaveTextContent('2023-03-01');
    expect(row).toHaveTextContent('2025-03-01');
    expect(within(table).getByRole('row', { name: /SC-100/ })).toHaveTextContent('no expiry');
    await ui.keyboard('{Escape}');
    expect(screen.queryByTestId('professional-panel')).toBeNull();
    await waitFor(() => expect(details).toHaveFocus());
  });
});

describe('ProfessionalPanel certifications', () => {
  it('adds a certification chosen by searching the catalogue, earned by default in the latest month, and shows the impact', async () => {
    const calls = fakeGraphql({
      PartnerProfessionals: professionalsPage,
      CertificationCatalogue: catalogue,
      AddCertification: () => ({
        addCertification: { userErrors: [], scoreImpact: [impactRow('P001', 'SECURITY', 30, 36.67)] },
      }),
    });
    const { ui, panel } = await openAda();
    await ui.click(within(panel).getByRole('button', { name: 'Add a certification' }));
    const form = within(panel).getByRole('form', { name: 'Add a certification' });
    const select = within(form).getByLabelText('Certification');
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(5));
    await ui.type(within(form).getByLabelText('Find a certification'), 'operations');
    // Only the match is left, and chosen.
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Choose…',
      'SC-200 · Security Operations Analyst',
    ]);
    expect(select).toHaveValue('SC-200');
    expect(within(form).getByLabelText('Earned on')).toHaveValue('2024-06-01');
    await ui.click(within(form).getByRole('button', { name: 'Add certification' }));

    expect(await within(toasts()).findByText('SC-200 (earned 2024-06-01) added to Ada Lovelace.')).toBeInTheDocument();
    const impact = within(toasts()).getByRole('table', { name: 'Score impact' });
    expect(within(impact).getByRole('row', { name: /Security/ })).toHaveTextContent('+6.67');
    expect(calls.find((c) => c.operation === 'AddCertification')?.variables).toEqual({
      input: { professionalId: 'M0', code: 'SC-200', earnedOn: '2024-06-01', expiresOn: null },
    });
  });

  it('shows the problems of the day earned next to it', async () => {
    fakeGraphql({
      PartnerProfessionals: professionalsPage,
      CertificationCatalogue: catalogue,
      AddCertification: () => ({
        addCertification: {
          userErrors: [{ field: ['input', 'earnedOn'], message: 'must not be in the future', code: 'BAD_USER_INPUT' }],
          scoreImpact: [],
        },
      }),
    });
    const { ui, panel } = await openAda();
    await ui.click(within(panel).getByRole('button', { name: 'Add a certification' }));
    const form = within(panel).getByRole('form', { name: 'Add a certification' });
    await ui.click(within(form).getByRole('button', { name: 'Add certification' }));
    // Nothing chosen: the form says so itself.
    expect(within(form).getByLabelText('Certification')).toHaveAccessibleDescription('Choose a certification.');
    await waitFor(() => expect(within(within(form).getByLabelText('Certification')).getAllByRole('option')).toHaveLength(5));
    await ui.selectOptions(within(form).getByLabelText('Certification'), 'AZ-500');
    await ui.click(within(form).getByRole('button', { name: 'Add certification' }));
    const earned = within(form).getByLabelText('Earned on');
    await waitFor(() => expect(earned).toHaveAccessibleDescription('must not be in the future'));
    expect(earned).toHaveAttribute('aria-invalid', 'true');
  });

  it('removes a certification only after a confirmation, with its version, and shows the impact', async () => {
    const calls = fakeGraphql({
      PartnerProfessionals: professionalsPage,
      RemoveCertification: () => ({
        removeCertification: { userErrors: [], scoreImpact: [impactRow('P001', 'SECURITY', 40, 33.33)] },
      }),
    });
    const { ui, panel } = await openAda();
    const remove = within(panel).getByRole('button', { name: 'Remove AZ-500 earned 2023-03-01' });
    await ui.click(remove);
    const confirm = within(panel).getByRole('group', { name: 'Confirm removing AZ-500' });
    expect(confirm).toHaveTextContent('Remove AZ-500 (earned 2023-03-01) from Ada Lovelace?');
    // Cancel writes nothing and gives focus back to Remove.
    await ui.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Remove AZ-500 earned 2023-03-01' })).toHaveFocus());
    expect(calls.some((c) => c.operation === 'RemoveCertification')).toBe(false);

    await ui.click(within(panel).getByRole('button', { name: 'Remove AZ-500 earned 2023-03-01' }));
    await ui.click(within(panel).getByRole('button', { name: 'Remove certification' }));
    expect(await within(toasts()).findByText('AZ-500 (earned 2023-03-01) removed from Ada Lovelace.')).toBeInTheDocument();
    expect(within(within(toasts()).getByRole('table', { name: 'Score impact' })).getByRole('row', { name: /Security/ })).toHaveTextContent(
      '−6.67',
    );
    expect(calls.find((c) => c.operation === 'RemoveCertification')?.variables).toEqual({
      input: { professionalId: 'M0', code: 'AZ-500', earnedOn: '2023-03-01', version: 2 },
    });
  });
});
