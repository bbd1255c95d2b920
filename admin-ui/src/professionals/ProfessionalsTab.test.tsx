import { screen, within } from '@testing-library/react';
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
                { code: 'AZ-500', name: 'Azure Security Engineer', earnedOn: '2023-03-01', expiresOn: null, retiredOn: null, valid: true },
                { code: 'MS-500', name: 'Microsoft 365 Security Administrator', earnedOn: '2022-03-01', expiresOn: null, retiredOn: '2023-06-30', valid: true },
                { code: 'SC-200', name: 'Security Operations Analyst', earnedOn: '2023-05-01', expiresOn: null, retiredOn: null, valid: true },
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
                { code: 'AZ-104', name: 'Azure Administrator', earnedOn: '2023-03-01', expiresOn: '2023-12-31', retiredOn: null, valid: false },
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
      { code: 'AZ-104', name: 'Azure Administrator', earnedOn: '2023-03-01', expiresOn: null, retiredOn: null, valid: true },
      { code: 'AZ-700', name: 'Azure Network Engineer', earnedOn: '2022-03-01', expiresOn: '2024-01-31', retiredOn: null, valid: false },
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
