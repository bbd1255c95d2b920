import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PartnerProfessionalsQuery } from '../gql/graphql';
import { ADMIN, ANALYST, PARTNER_ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { ProfessionalsTab } from './ProfessionalsTab';

function professionals(): PartnerProfessionalsQuery {
  return {
    latestMonth: '2024-06',
    partner: {
      partnerId: 'P001',
      name: 'Contoso',
      professionals: {
        totalCount: 2,
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
              email: 'ada@example.com',
              version: 1,
              certifications: [
                { code: 'AZ-500', name: 'Azure Security Engineer', earnedOn: '2023-03-01', expiresOn: null, retiredOn: null, valid: true, version: 1 },
                { code: 'MS-500', name: 'Microsoft 365 Security Administrator', earnedOn: '2022-03-01', expiresOn: null, retiredOn: '2023-06-30', valid: true, version: 1 },
                { code: 'SC-200', name: 'Security Operations Analyst', earnedOn: '2023-05-01', expiresOn: null, retiredOn: null, valid: true, version: 1 },
              ],
              countsFor: [
                {
                  designation: 'SECURITY',
                  metrics: [
                    {
                      metric: 'INTERMEDIATE_CERTIFICATIONS',
                      counts: true,
                      certifications: ['AZ-500', 'MS-500', 'SC-200'],
                      missing: [],
                      steps: [],
                    },
                  ],
                },
              ],
            },
          },
          {
            id: 'A2',
            associatedOn: '2023-01-01',
            removedOn: null,
            active: true,
            version: 1,
            professional: {
              id: 'X2',
              professionalId: 'M1',
              name: 'Alan Turing',
              email: null,
              version: 1,
              certifications: [
                { code: 'AZ-104', name: 'Azure Administrator', earnedOn: '2023-03-01', expiresOn: '2023-12-31', retiredOn: null, valid: false, version: 1 },
              ],
              countsFor: [],
            },
          },
        ],
      },
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('ProfessionalsTab', () => {
  it('lists professionals with their certifications and the designations they count for', async () => {
    fakeGraphql({ PartnerProfessionals: professionals });
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ANALYST });
    const table = await screen.findByRole('table', { name: 'Certified professionals' });
    const ada = within(table).getByRole('row', { name: /Ada Lovelace/ });
    expect(ada).toHaveTextContent('AZ-500');
    expect(ada).toHaveTextContent('Security · Intermediate certifications');
    const alan = within(table).getByRole('row', { name: /Alan Turing/ });
    expect(alan).toHaveTextContent('No designation');
    expect(screen.getByText(/counted as of 2024-06-30/)).toBeInTheDocument();
  });

  it('shows what the API says each professional counts for, and which certifications are not valid', async () => {
    const data = professionals();
    const [ada, alan] = data.partner?.professionals.nodes ?? [];
    if (!ada || !alan) throw new Error('fixture');
    ada.professional.countsFor = [
      {
        designation: 'SECURITY',
        metrics: [
          {
            metric: 'INTERMEDIATE_CERTIFICATIONS',
            counts: false,
            certifications: ['AZ-500', 'SC-200'],
            missing: [['MS-500']],
            steps: [],
          },
        ],
      },
    ];
    alan.professional.certifications = [
      { code: 'AZ-104', name: 'Azure Administrator', earnedOn: '2023-03-01', expiresOn: null, retiredOn: null, valid: true, version: 1 },
      { code: 'AZ-700', name: 'Azure Network Engineer', earnedOn: '2022-03-01', expiresOn: '2024-01-31', retiredOn: null, valid: false, version: 1 },
    ];
    alan.professional.countsFor = [
      {
        designation: 'INFRASTRUCTURE_AZURE',
        metrics: [
          {
            metric: 'INTERMEDIATE_CERTIFICATIONS',
            counts: false,
            certifications: [],
            missing: [['AZ-700', 'AZ-600', 'AZ-800']],
            steps: ['step 1'],
          },
        ],
      },
    ];
    const calls = fakeGraphql({ PartnerProfessionals: () => data });
    renderAt(<ProfessionalsTab partnerId="P001" asOf="2024-07" />, { viewer: ANALYST });
    const table = await screen.findByRole('table', { name: 'Certified professionals' });
    expect(calls[0]?.variables).toMatchObject({ partnerId: 'P001', asOf: '2024-07' });
    expect(screen.getByText(/counted as of 2024-07-31/)).toBeInTheDocument();
    const adaRow = within(table).getByRole('row', { name: /Ada Lovelace/ });
    expect(adaRow).toHaveTextContent('Security · Intermediate certifications · needs MS-500');
    const alanRow = within(table).getByRole('row', { name: /Alan Turing/ });
    expect(alanRow).toHaveTextContent(
      'Infrastructure (Azure) · Intermediate certifications · needs AZ-700 or AZ-600 or AZ-800 · prerequisite step 1 met',
    );
    const chips = within(alanRow).getByRole('list', { name: 'Certifications of Alan Turing' });
    expect(within(chips).getByText('AZ-700').closest('li')).toHaveClass('chip-muted');
    expect(within(chips).getByText('AZ-700').closest('li')).toHaveTextContent('(not valid on 2024-07-31)');
    expect(within(chips).getByText('AZ-104').closest('li')).not.toHaveClass('chip-muted');
  });

  it('shows an analyst no edit control at all', async () => {
    fakeGraphql({ PartnerProfessionals: professionals });
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ANALYST });
    await screen.findByRole('table', { name: 'Certified professionals' });
    expect(screen.queryByRole('button', { name: /associate|bulk|end|move/i })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('shows an admin and the partner own admin the edit controls, another partner admin none', async () => {
    for (const [viewer, editable] of [
      [ADMIN, true],
      [PARTNER_ADMIN, true],
      [{ ...PARTNER_ADMIN, partnerId: 'P999' }, false],
    ] as const) {
      fakeGraphql({ PartnerProfessionals: professionals });
      const view = renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer });
      await screen.findByRole('table', { name: 'Certified professionals' });
      expect(screen.queryAllByRole('button', { name: /^End the association/ })).toHaveLength(editable ? 2 : 0);
      expect(screen.queryByRole('button', { name: 'Associate a professional' }) !== null).toBe(editable);
      view.unmount();
    }
  });
});

const impact = (partnerId: string, designation: string, before: number, after: number) => ({
  partnerId,
  designation,
  before,
  after,
  delta: after - before,
  meetsBefore: false,
  meetsAfter: false,
  metrics: [],
});

describe('ProfessionalsTab dates', () => {
  it('defaults every date field to the first day of the latest month with data and warns after it', async () => {
    const calls = fakeGraphql({
      PartnerProfessionals: professionals,
      SimulateScore: () => ({ simulateScore: [impact('P001', 'SECURITY', 30, 36.67)] }),
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });

    await ui.click(screen.getByRole('button', { name: 'End the association of Ada Lovelace' }));
    const end = screen.getByRole('form', { name: 'End association' });
    expect(within(end).getByLabelText('Last day counted')).toHaveValue('2024-06-01');
    await ui.click(within(end).getByRole('button', { name: 'Cancel' }));

    await ui.click(screen.getByRole('button', { name: 'Move Ada Lovelace to another partner' }));
    const move = screen.getByRole('form', { name: 'Move professional' });
    const movesOn = within(move).getByLabelText('Moves on');
    expect(movesOn).toHaveValue('2024-06-01');
    expect(within(move).queryByTestId('date-after-data')).toBeNull();
    await ui.clear(movesOn);
    await ui.type(movesOn, '2026-12-03');
    expect(within(move).getByTestId('date-after-data')).toHaveTextContent('2026-12-03 is after the latest month with data (Jun 2024)');
    await ui.click(within(move).getByRole('button', { name: 'Cancel' }));

    await ui.click(screen.getByRole('button', { name: 'Associate a professional' }));
    const add = screen.getByRole('form', { name: 'Associate a professional' });
    expect(within(add).getByLabelText('Associated on')).toHaveValue('2024-06-01');
    await ui.click(within(add).getByLabelText(/New professional/));
    expect(within(add).getByLabelText('Earned on')).toHaveValue('2024-06-01');
    await ui.click(within(add).getByLabelText(/New professional/));
    await ui.type(within(add).getByLabelText('Professional ID'), 'M9');
    await ui.click(within(add).getByRole('button', { name: 'Preview score impact' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.operation === 'SimulateScore').at(-1)?.variables).toMatchObject({
        changes: [{ kind: 'ASSOCIATE_PROFESSIONAL', professionalId: 'M9', date: '2024-06-01' }],
      }),
    );
    expect(await within(add).findByRole('table', { name: 'Score impact preview' })).toBeInTheDocument();
  });
});

describe('ProfessionalsTab conflicts', () => {
  it('shows the API reason for an id already taken, not "someone else changed this record"', async () => {
    fakeGraphql({
      PartnerProfessionals: professionals,
      CreateProfessional: () => ({
        createProfessional: {
          userErrors: [
            { field: ['input', 'professionalId'], message: 'a professional with id "M0" already exists', code: 'CONFLICT' },
          ],
        },
      }),
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'Associate a professional' }));
    const add = screen.getByRole('form', { name: 'Associate a professional' });
    await ui.type(within(add).getByLabelText('Professional ID'), 'M0');
    await ui.click(within(add).getByLabelText(/New professional/));
    await ui.type(within(add).getByLabelText('Name'), 'Someone');
    await ui.click(within(add).getByRole('button', { name: 'Associate' }));
    const alert = await within(add).findByRole('alert');
    expect(alert).toHaveTextContent('a professional with id "M0" already exists');
    expect(alert).not.toHaveTextContent('Someone else changed this record');
  });

  it('keeps "someone else changed this record" and Reload for a stale version', async () => {
    fakeGraphql({
      PartnerProfessionals: professionals,
      EndAssociation: () => ({
        endAssociation: {
          userErrors: [
            {
              field: ['input', 'version'],
              message: 'the association was changed by someone else (version 4 is current, you sent 3); reload it and try again',
              code: 'CONFLICT',
            },
          ],
          scoreImpact: [],
        },
      }),
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'End the association of Ada Lovelace' }));
    const end = screen.getByRole('form', { name: 'End association' });
    await ui.click(within(end).getByRole('button', { name: 'End association' }));
    const alert = await within(end).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this record after you opened it');
    expect(within(end).getByRole('button', { name: 'Reload' })).toBeInTheDocument();
  });
});

describe('ProfessionalsTab moves', () => {
  it("labels each row of a move's impact with its partner's PartnerID and name", async () => {
    fakeGraphql({
      PartnerProfessionals: professionals,
      MoveProfessional: () => ({
        moveProfessional: {
          userErrors: [],
          scoreImpact: [
            impact('P001', 'SECURITY', 40, 33.33),
            impact('P001', 'MODERN_WORK', 20, 15),
            impact('P002', 'SECURITY', 10, 16.67),
            impact('P002', 'MODERN_WORK', 5, 10),
          ],
        },
      }),
      MovePartners: () => ({ from: { partnerId: 'P001', name: 'Contoso' }, to: { partnerId: 'P002', name: 'Fabrikam' } }),
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'Move Ada Lovelace to another partner' }));
    const move = screen.getByRole('form', { name: 'Move professional' });
    await ui.type(within(move).getByLabelText('To partner (PartnerID)'), 'P002');
    await ui.click(within(move).getByRole('button', { name: 'Move' }));
    const from = await screen.findByRole('table', { name: 'Score impact for P001 · Contoso' });
    const to = screen.getByRole('table', { name: 'Score impact for P002 · Fabrikam' });
    expect(within(from).getAllByRole('row')).toHaveLength(3);
    expect(within(from).getByRole('row', { name: /Security/ })).toHaveTextContent('40');
    expect(within(to).getByRole('row', { name: /Security/ })).toHaveTextContent('16.67');
    expect(screen.getByRole('heading', { name: 'Partner P001 · Contoso' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Partner P002 · Fabrikam' })).toBeInTheDocument();
  });
});
