import { describe, expect, it } from 'vitest';
import { countSummary, countTitle, countsOf, customerFacts, numbersAtMonth, type ScoreFacts } from './customer-facts';

const scores: ScoreFacts[] = [
  {
    designationCode: 'SECURITY',
    metrics: [
      {
        metric: 'NET_CUSTOMER_ADDS',
        category: 'PERFORMANCE',
        facts: [
          {
            kind: 'CUSTOMER',
            subject: 't-1',
            outcome: 'ADDED',
            detail: 'eligible at 2024-06, not at 2023-06',
            numbers: [
              { name: 'paid_seats_at_as_of', value: 2 },
              { name: 'paid_seats_at_baseline', value: 0 },
            ],
          },
          { kind: 'TPID', subject: 'tp-9', outcome: 'NOT_COUNTED', detail: 'below the ACR floor', numbers: [{ name: 'trailing_acr', value: 1250 }] },
          { kind: 'TOTAL', subject: 'net', outcome: 'INFO', detail: '1 added', numbers: [] },
        ],
      },
    ],
  },
  {
    designationCode: 'BUSINESS_APPLICATIONS',
    metrics: [
      {
        metric: 'USAGE_GROWTH',
        category: 'CUSTOMER_SUCCESS',
        facts: [
          { kind: 'CUSTOMER_WORKLOAD', subject: 't-1 / Dynamics 365 Sales', outcome: 'COUNTED', detail: 'MCV 10 at 2024-06', numbers: [{ name: 'mcv_at_as_of', value: 10 }] },
        ],
      },
    ],
  },
];

describe('customer facts', () => {
  it('finds a customer by tenant id, by tenant and workload, and by its top parent', () => {
    const facts = customerFacts(scores);
    const own = countsOf(facts, { tenantId: 't-1', tpid: null });
    expect(own.map((c) => [c.designation, c.metric, c.outcome, c.workload])).toEqual([
      ['SECURITY', 'NET_CUSTOMER_ADDS', 'ADDED', null],
      ['BUSINESS_APPLICATIONS', 'USAGE_GROWTH', 'COUNTED', 'Dynamics 365 Sales'],
    ]);
    // A tenant of the top parent tp-9 shares its fact; a tenant without a TPID is its own.
    expect(countsOf(facts, { tenantId: 't-2', tpid: 'tp-9' }).map((c) => c.viaTpid)).toEqual([true]);
    expect(countsOf(facts, { tenantId: 'tp-9', tpid: null })).toHaveLength(1);
    expect(countsOf(facts, { tenantId: 't-3', tpid: null })).toEqual([]);
  });

  it('reads as "Security · Performance: added (net customer adds, 2 paid seats)"', () => {
    const [adds, sales] = countsOf(customerFacts(scores), { tenantId: 't-1' });
    if (!adds || !sales) throw new Error('fixture');
    expect(`${countTitle(adds)}: ${countSummary(adds)}`).toBe('Security · Performance: added (net customer adds, 2 paid seats)');
    expect(`${countTitle(sales)}: ${countSummary(sales)}`).toBe(
      'Business Applications · Customer success: counted (usage growth, Dynamics 365 Sales, MCV $10)',
    );
    expect(numbersAtMonth([{ name: 'trailing_acr', value: 1250 }])).toEqual(['trailing ACR $1,250']);
  });
});
