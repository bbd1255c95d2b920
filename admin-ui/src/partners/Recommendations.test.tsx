import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANALYST, fakeGraphql, renderAt } from '../test/helpers';
import { FIRST_SHOWN, Recommendations, describeChange } from './Recommendations';
import { changeInput, costSummary } from './recommendation-operations';

afterEach(() => vi.unstubAllGlobals());

// As a server answers when the client asks `__typename` (this client does not): the UI must not send
// it back to `simulateScore`.
const change = (fields: Record<string, unknown>) => ({
  __typename: 'ScoreChange',
  kind: 'ADD_CERTIFICATION',
  professionalId: null,
  certification: null,
  date: null,
  expiresOn: null,
  tenantId: null,
  associationType: null,
  workload: null,
  measure: null,
  amount: null,
  ...fields,
});
const withoutTypename = ({ __typename: _, ...rest }: Record<string, unknown>) => rest;

const certify = change({ professionalId: 'M0', certification: 'SC-100', date: '2024-06-01' });
const join = change({ kind: 'ASSOCIATE_PROFESSIONAL', professionalId: '2820659341', date: '2024-06-01' });
const customer = change({
  kind: 'ADD_CUSTOMER_ASSOCIATION',
  tenantId: 'T-9',
  associationType: 'CPOR',
  workload: 'DEFENDER',
  date: '2024-06-01',
});

const recommendation = (changes: unknown[], fields: Record<string, unknown>) => ({
  __typename: 'Recommendation',
  changes,
  pointsGained: 6.67,
  metric: 'INTERMEDIATE_CERTIFICATIONS',
  raisesBlockedMetric: false,
  cost: 'CERTIFICATION_EXAM',
  totalAfter: 43.35,
  meetsAfter: false,
  detail: 'M0 earns SC-100: Intermediate certifications rises by 6.67 points to 43.35 (from 36.68)',
  ...fields,
});

const first = recommendation([certify], { raisesBlockedMetric: true });
const second = recommendation([join], {
  pointsGained: 4,
  cost: 'NEW_PROFESSIONAL',
  totalAfter: 40.68,
  detail: '2820659341, holding SC-400, joins the partner: Intermediate certifications rises by 4.00 points',
});
const third = recommendation([customer], {
  pointsGained: 2.5,
  metric: 'NET_CUSTOMER_ADDS',
  cost: 'CUSTOMER_ASSOCIATION',
  totalAfter: 39.18,
  detail: 'T-9 gets a CPOR association for DEFENDER: Net customer adds rises by 2.50 points',
});

const impact = (before: number, after: number) => [
  {
    designation: 'SECURITY',
    before,
    after,
    delta: after - before,
    meetsBefore: false,
    meetsAfter: after >= 70,
    metrics: [{ metric: 'INTERMEDIATE_CERTIFICATIONS', before: 0, after: 6.67 }],
  },
  { designation: 'MODERN_WORK', before: 20, after: 20, delta: 0, meetsBefore: false, meetsAfter: false, metrics: [] },
];

function handlers(path: unknown, extra: Record<string, (v: Record<string, unknown>) => unknown> = {}) {
  return {
    PartnerRecommendations: () => ({
      partner: { partnerId: 'P', recommendations: [first, second, third], pathToThreshold: path },
    }),
    PathShortfall: () => ({
      partner: { partnerId: 'P', pathToThresholdShortfall: 'after 6 actions no further single change found raises the score' },
    }),
    SimulateScore: () => ({ simulateScore: impact(36.68, 43.35) }),
    ...extra,
  };
}

function renderPanel(viewer = ANALYST, asOf: string | undefined = undefined) {
  return renderAt(<Recommendations partnerId="P" designation="SECURITY" asOf={asOf} />, { viewer });
}

describe('Recommendations', () => {
  it('lists each action with its sentence, points gained, metric, cost and the blocked-metric marker', async () => {
    const calls = fakeGraphql(handlers(null));
    renderPanel();
    const list = await screen.findByRole('list', { name: 'Recommendations for Security' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent(String(first.detail));
    expect(items[0]).toHaveTextContent('+6.67 points · Intermediate certifications · One certification exam · total after 43.35');
    expect(within(items[0]!).getByTestId('raises-blocked')).toHaveTextContent('Raises a blocked metric');
    expect(items[1]).toHaveTextContent('+4 points · Intermediate certifications · One new professional');
    expect(within(items[1]!).queryByTestId('raises-blocked')).toBeNull();
    expect(items[2]).toHaveTextContent('+2.5 points · Net customer adds · One customer association');
    expect(calls.find((c) => c.operation === 'PartnerRecommendations')?.variables).toEqual({
      partnerId: 'P',
      designation: 'SECURITY',
    });
  });

  it('"Apply in the simulator" previews exactly the action\'s changes, without __typename, and writes nothing', async () => {
    const calls = fakeGraphql(handlers(null));
    renderPanel(ANALYST, '2024-06');
    const list = await screen.findByRole('list', { name: 'Recommendations for Security' });
    const item = within(list).getAllByRole('listitem')[2]!;
    await userEvent.click(within(item).getByRole('button', { name: 'Apply in the simulator' }));
    const table = await within(item).findByRole('table', { name: 'Simulated impact of this action' });
    const row = table.querySelector('tr[data-designation="SECURITY"]');
    expect(row).toHaveTextContent('36.68');
    expect(row).toHaveTextContent('43.35');
    expect(row).toHaveTextContent('+6.67');
    // Only the designations that move are shown.
    expect(table.querySelector('tr[data-designation="MODERN_WORK"]')).toBeNull();
    expect(within(item).getByText(/nothing is saved/)).toBeInTheDocument();

    const simulated = calls.filter((c) => c.operation === 'SimulateScore');
    expect(simulated).toHaveLength(1);
    expect(simulated[0]!.variables).toEqual({ partnerId: 'P', asOf: '2024-06', changes: [withoutTypename(customer)] });
    expect(JSON.stringify(simulated[0]!.variables)).not.toContain('__typename');
    // Queries only: no mutation is ever sent.
    expect(calls.map((c) => c.operation).sort()).toEqual(['PartnerRecommendations', 'PathShortfall', 'SimulateScore']);

    // The button closes the preview again.
    await userEvent.click(within(item).getByRole('button', { name: 'Hide the simulation' }));
    expect(within(item).queryByRole('table')).toBeNull();
  });

  it('shows the path to 70 with its actions and total after, and applies all its changes together', async () => {
    const path = {
      __typename: 'ThresholdPath',
      changes: [certify, join],
      totalAfter: 72.1,
      actions: [
        recommendation([certify], { totalAfter: 43.35 }),
        recommendation([join], { pointsGained: 28.75, cost: 'NEW_PROFESSIONAL', totalAfter: 72.1, meetsAfter: true }),
      ],
    };
    const calls = fakeGraphql(handlers(path, { SimulateScore: () => ({ simulateScore: impact(36.68, 72.1) }) }));
    renderPanel();
    const section = await screen.findByRole('region', { name: 'Path to 70' });
    expect(section).toHaveTextContent(
      '2 actions (1 certification exam, 1 new professional) bring the total to 72.1 and meet the requirements.',
    );
    expect(within(section).getByTestId('path-total-after')).toHaveTextContent('72.1');
    const steps = within(section).getAllByRole('listitem');
    expect(steps).toHaveLength(2);
    expect(steps[1]).toHaveTextContent('+28.75 points');
    expect(steps[1]).toHaveTextContent('Meets requirements after');

    await userEvent.click(within(section).getByRole('button', { name: 'Apply in the simulator' }));
    const table = await within(section).findByRole('table', { name: 'Simulated impact of the path to 70' });
    expect(table.querySelector('tr[data-designation="SECURITY"]')).toHaveTextContent('Now met');
    const simulated = calls.filter((c) => c.operation === 'SimulateScore');
    expect(simulated.map((c) => c.variables.changes)).toEqual([[withoutTypename(certify), withoutTypename(join)]]);
    expect(within(section).getByText('The 2 changes simulated together')).toBeInTheDocument();
    // A path was found: the shortfall's search is not run.
    expect(calls.some((c) => c.operation === 'PathShortfall')).toBe(false);
  });

  it('words a path of one action in the singular', async () => {
    fakeGraphql(handlers({ changes: [join], totalAfter: 70.5, actions: [recommendation([join], { cost: 'NEW_PROFESSIONAL' })] }));
    renderPanel();
    const section = await screen.findByRole('region', { name: 'Path to 70' });
    expect(section).toHaveTextContent('One action (1 new professional) brings the total to 70.5 and meets the requirements.');
  });

  it('says why there is no path when pathToThreshold is null, and offers no path to apply', async () => {
    const calls = fakeGraphql(handlers(null));
    renderPanel();
    const shortfall = await screen.findByTestId('path-shortfall');
    expect(shortfall).toHaveTextContent('after 6 actions no further single change found raises the score');
    const section = screen.getByRole('region', { name: 'Path to 70' });
    expect(section).toHaveTextContent(/^Path to 70No path to 70 found: after 6 actions/);
    expect(within(section).queryByRole('button')).toBeNull();
    expect(calls.find((c) => c.operation === 'PathShortfall')?.variables).toEqual({ partnerId: 'P', designation: 'SECURITY' });
  });

  it('says when requirements are already met, and when no action is found', async () => {
    fakeGraphql({
      PartnerRecommendations: () => ({
        partner: { partnerId: 'P', recommendations: [], pathToThreshold: { changes: [], totalAfter: 81, actions: [] } },
      }),
    });
    renderPanel();
    expect(await screen.findByTestId('path-met')).toHaveTextContent('Requirements are already met: total 81.');
    expect(screen.getByTestId('no-recommendations')).toBeInTheDocument();
  });

  it(`shows the first ${FIRST_SHOWN} actions, then all of them`, async () => {
    const many = Array.from({ length: FIRST_SHOWN + 3 }, (_, i) => recommendation([certify], { detail: `action ${i + 1}` }));
    fakeGraphql({
      PartnerRecommendations: () => ({ partner: { partnerId: 'P', recommendations: many, pathToThreshold: null } }),
      PathShortfall: () => ({ partner: { partnerId: 'P', pathToThresholdShortfall: null } }),
    });
    renderPanel();
    const list = await screen.findByRole('list', { name: 'Recommendations for Security' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(FIRST_SHOWN);
    await userEvent.click(screen.getByRole('button', { name: `Show all ${FIRST_SHOWN + 3} actions` }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(FIRST_SHOWN + 3));
    // A null shortfall still says there is no path.
    expect(await screen.findByTestId('path-shortfall')).toHaveTextContent('no combination of the actions found');
  });
});

describe('changeInput', () => {
  it('keeps the fields of ScoreChangeInput and nothing else', () => {
    const input = changeInput({ ...customer, extra: 1 } as unknown as Parameters<typeof changeInput>[0]);
    expect(input).toEqual(withoutTypename(customer));
    expect(Object.keys(input).sort()).toEqual(
      ['amount', 'associationType', 'certification', 'date', 'expiresOn', 'kind', 'measure', 'professionalId', 'tenantId', 'workload'],
    );
  });
});

describe('costSummary and describeChange', () => {
  it('counts the costs of a path in kind', () => {
    expect(costSummary(['NEW_PROFESSIONAL', 'CERTIFICATION_EXAM', 'CERTIFICATION_EXAM'])).toBe(
      '2 certification exams, 1 new professional',
    );
    expect(costSummary(['CUSTOMER_ASSOCIATION', 'CUSTOMER_USAGE'])).toBe('1 customer association, 1 customer usage increase');
  });

  it('puts each change in words', () => {
    expect(describeChange(changeInput(certify as never))).toBe('M0 earns SC-100 on 2024-06-01');
    expect(describeChange(changeInput(join as never))).toBe('2820659341 joins the partner on 2024-06-01');
    expect(describeChange(changeInput(customer as never))).toBe('CPOR association with tenant T-9 for DEFENDER from 2024-06-01');
    const usage = change({ kind: 'ADD_USAGE', tenantId: 'T-3', workload: 'AZURE_SQL', measure: 'ACR_USD', amount: 1500, date: '2024-06-30' });
    expect(describeChange(changeInput(usage as never))).toBe("Tenant T-3's AZURE_SQL grows by $1,500 of Azure consumed revenue in Jun 2024");
  });
});
