// The customers tab: each association with its tenant, type and days, what each customer counts for
// at the page's month and why (from the scores' facts), the ended associations and the page in the URL.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANALYST, fakeGraphql, renderAt } from '../test/helpers';
import { CustomersTab } from './CustomersTab';
import { PartnerPage } from './PartnerPage';

afterEach(() => vi.unstubAllGlobals());

function Where() {
  const { pathname, search } = useLocation();
  return <output data-testid="location">{`${pathname}${search}`}</output>;
}

const association = (id: string, tenantId: string, name: string, type: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  associationType: type,
  workload: null,
  startDate: '2023-02-01',
  endDate: null,
  customer: { id: `C-${tenantId}`, tenantId, tpid: null, name, country: 'DE', segment: 'SMB' },
  ...extra,
});

const customers = () => ({
  partner: {
    partnerId: 'P1',
    customerAssociations: {
      totalCount: 3,
      pageInfo: { hasNextPage: true, endCursor: 'k3' },
      nodes: [
        association('CA1', 't-1', 'Northwind', 'CPOR'),
        association('CA2', 't-2', 'Tailspin', 'CSP_T2', { workload: 'Microsoft 365', endDate: '2024-03-31' }),
        association('CA3', 't-3', 'Woodgrove', 'PAL', {
          customer: { id: 'C-t-3', tenantId: 't-3', tpid: 'tp-9', name: 'Woodgrove', country: 'US', segment: null },
        }),
      ],
    },
  },
});

const fact = (kind: string, subject: string, outcome: string, detail: string, numbers: { name: string; value: number }[] = []) => ({
  kind,
  subject,
  outcome,
  detail,
  numbers,
});

const scoreFacts = (vars: Record<string, unknown>) => ({
  partner: {
    partnerId: 'P1',
    capabilityScores: [
      {
        designationCode: 'SECURITY',
        asOf: (vars.asOf as string | undefined) ?? '2024-06',
        ruleSet: '2023-12',
        metrics: [
          {
            metric: 'NET_CUSTOMER_ADDS',
            category: 'PERFORMANCE',
            facts: [
              fact('CUSTOMER', 't-1', 'COUNTED', 'eligible at 2024-05 and at 2023-05', [
                { name: 'paid_seats_at_as_of', value: 2 },
                { name: 'paid_seats_at_baseline', value: 2 },
              ]),
              fact('TPID', 'tp-9', 'NOT_COUNTED', 'average monthly ACR below $100'),
            ],
          },
        ],
      },
    ],
  },
});

describe('CustomersTab', () => {
  it('lists each association with its tenant, type, days, and what the customer counts for and why', async () => {
    const calls = fakeGraphql({ PartnerCustomers: customers, PartnerCustomerFacts: scoreFacts });
    renderAt(<CustomersTab partnerId="P1" asOf="2024-05" ruleSet={undefined} latestMonth="2024-06" />, { viewer: ANALYST });
    const table = await screen.findByRole('table', { name: 'Customers' });
    const northwind = within(table).getByRole('row', { name: /Northwind/ });
    expect(northwind).toHaveTextContent('t-1');
    expect(northwind).toHaveTextContent('CPOR');
    expect(northwind).toHaveTextContent('all workloads');
    expect(northwind).toHaveTextContent('2023-02-01');
    const counts = await within(northwind).findByRole('list', { name: 'What Northwind counts for' });
    expect(counts).toHaveTextContent('Security · Performance: counted (net customer adds, 2 paid seats)');
    expect(counts).toHaveTextContent('eligible at 2024-05 and at 2023-05');

    const tailspin = within(table).getByRole('row', { name: /Tailspin/ });
    expect(tailspin).toHaveTextContent('CSP (indirect reseller)');
    expect(tailspin).toHaveTextContent('Microsoft 365');
    expect(tailspin).toHaveTextContent('2024-03-31');
    expect(tailspin).toHaveTextContent('No metric names it');
    // A fact about the top parent is the customer's too.
    const woodgrove = within(table).getByRole('row', { name: /Woodgrove/ });
    expect(within(woodgrove).getByRole('list', { name: 'What Woodgrove counts for' })).toHaveTextContent(
      'Security · Performance: not counted (net customer adds, with its top parent)',
    );
    expect(screen.getByText(/3 current customer associations · what they count for as of May 2024 \(rule set 2023-12\)/)).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'PartnerCustomerFacts')?.variables).toEqual({ partnerId: 'P1', asOf: '2024-05' });
    expect(calls.find((c) => c.operation === 'PartnerCustomers')?.variables).toEqual({ partnerId: 'P1', activeOnly: true, first: 50 });
  });

  it('keeps the ended associations and the page in the URL', async () => {
    const calls = fakeGraphql({ PartnerCustomers: customers, PartnerCustomerFacts: scoreFacts });
    renderAt(
      <>
        <CustomersTab partnerId="P1" asOf={undefined} ruleSet={undefined} latestMonth="2024-06" />
        <Where />
      </>,
      { viewer: ANALYST, path: '/partners/P1/customers?ended=1', pattern: '/partners/:partnerId/customers' },
    );
    await screen.findByRole('table', { name: 'Customers' });
    expect(calls[0]?.variables).toMatchObject({ activeOnly: false });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/partners/P1/customers?ended=1&after=k3'));
    await waitFor(() => expect(calls.at(-1)?.variables).toMatchObject({ activeOnly: false, after: 'k3' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Include ended associations' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/partners\/P1\/customers$/));
    await waitFor(() => expect(calls.at(-1)?.variables).toEqual({ partnerId: 'P1', activeOnly: true, first: 50 }));
  });
});

describe('PartnerPage customers tab', () => {
  const overview = () => ({
    latestMonth: '2024-06',
    ruleSets: [],
    partner: {
      partnerId: 'P1',
      name: 'Contoso',
      country: 'DE',
      anniversaryDate: null,
      capabilityScores: [],
      standing: { asOf: '2024-05', microsoftCloudBadge: false, designations: [], specializations: [], benefits: [] },
      specializationGrants: [],
    },
  });

  it('is a tab of its own address next to the professionals; the tabs carry the month, not the tab’s own filters', async () => {
    fakeGraphql({ PartnerOverview: overview, PartnerCustomers: customers, PartnerCustomerFacts: scoreFacts });
    renderAt(<PartnerPage tab="customers" />, {
      viewer: ANALYST,
      path: '/partners/P1/customers?asOf=2024-05&ended=1&after=k3',
      pattern: '/partners/:partnerId/customers',
    });
    await screen.findByRole('table', { name: 'Customers' });
    const tabs = screen.getByRole('navigation', { name: 'Partner sections' });
    expect(within(tabs).getByRole('link', { name: 'Customers' })).toHaveAttribute('href', '/partners/P1/customers?asOf=2024-05');
    expect(within(tabs).getByRole('link', { name: 'Certified professionals' })).toHaveAttribute(
      'href',
      '/partners/P1/professionals?asOf=2024-05',
    );
    expect(within(tabs).getByRole('link', { name: 'Scores' })).toHaveAttribute('href', '/partners/P1?asOf=2024-05');
  });
});
