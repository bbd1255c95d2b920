import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, ANALYST, PARTNER_ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { ProfessionalsTab } from './ProfessionalsTab';

function professionals() {
  return {
    latestMonth: '2024-06',
    designations: [
      {
        code: 'SECURITY',
        shortName: 'Security',
        eligibleCertifications: [
          { metric: 'INTERMEDIATE_CERTIFICATIONS', certification: 'AZ-500', step: 'eligible' },
          { metric: 'INTERMEDIATE_CERTIFICATIONS', certification: 'SC-200', step: 'eligible' },
        ],
      },
    ],
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
                { code: 'AZ-500', name: 'Azure Security Engineer', earnedOn: '2023-03-01', expiresOn: null, retiredOn: null },
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
                { code: 'AZ-104', name: 'Azure Administrator', earnedOn: '2023-03-01', expiresOn: '2023-12-31', retiredOn: null },
              ],
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
