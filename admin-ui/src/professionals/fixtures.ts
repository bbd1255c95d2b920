// Test data of the professionals tab: one partner (P001 Contoso) with two current associations.
import type { PartnerProfessionalsQuery } from '../gql/graphql';

export function professionalsPage(): PartnerProfessionalsQuery {
  return {
    latestMonth: '2024-06',
    partner: {
      partnerId: 'P001',
      name: 'Contoso',
      professionals: {
        totalCount: 2,
        pageInfo: { hasNextPage: true, endCursor: 'c2' },
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
              version: 4,
              certifications: [
                { code: 'AZ-500', name: 'Azure Security Engineer', earnedOn: '2023-03-01', expiresOn: '2025-03-01', retiredOn: null, valid: true, version: 2 },
                { code: 'SC-100', name: 'Cybersecurity Architect', earnedOn: '2022-01-10', expiresOn: null, retiredOn: null, valid: true, version: 1 },
              ],
              countsFor: [],
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
              certifications: [],
              countsFor: [],
            },
          },
        ],
      },
    },
  };
}

/** One designation's impact row, as `ScoreImpactFields` selects it. */
export const impactRow = (partnerId: string, designation: string, before: number, after: number) => ({
  partnerId,
  designation,
  before,
  after,
  delta: Math.round((after - before) * 100) / 100,
  meetsBefore: false,
  meetsAfter: false,
  metrics: [],
});
