import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Viewer, ViewerProvider } from '../auth/viewer';
import { ADMIN, ANALYST, PARTNER_ADMIN, fakeGraphql, TestApi } from '../test/helpers';
import { NearMisses } from './NearMisses';
import { ProgramOverview } from './ProgramOverview';

afterEach(() => vi.unstubAllGlobals());

const line = (designation: string, partners: number, meetingRequirements: number, nearMiss: number, atRisk: number | null) => ({
  designation,
  partners,
  meetingRequirements,
  nearMiss,
  atRisk,
});

const lines = [
  line('BUSINESS_APPLICATIONS', 31, 2, 0, 1),
  line('DATA_AI_AZURE', 31, 2, 1, 1),
  line('DIGITAL_APP_INNOVATION_AZURE', 31, 2, 0, 0),
  line('INFRASTRUCTURE_AZURE', 31, 0, 2, 0),
  line('MODERN_WORK', 31, 3, 0, null),
  line('SECURITY', 31, 2, 0, 0),
];

const summary = {
  programSummary: {
    asOf: '2024-06',
    designations: lines.map(({ atRisk: _, ...counts }) => counts),
  },
};

const badges = { programSummary: { microsoftCloudBadges: 3 } };

const risk = {
  programSummary: { designations: lines.map(({ designation, atRisk }) => ({ designation, atRisk })) },
};

const handlers = { ProgramOverview: () => summary, ProgramBadges: () => badges, ProgramRisk: () => risk };

const nearMisses = {
  capabilityScores: {
    totalCount: 2,
    pageInfo: { hasNextPage: false, endCursor: null },
    nodes: [
      { total: 72, pointsToThreshold: 0, partner: { partnerId: '2991844', name: 'Horizon Workplace GmbH' } },
      { total: 68, pointsToThreshold: 2, partner: { partnerId: '2380446', name: 'Redwood Workplace Inc.' } },
    ],
  },
};

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

function renderHome(viewer: Viewer = ADMIN, path = '/') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <ViewerProvider value={viewer}>
        <Routes>
          <Route path="/" element={<ProgramOverview />} />
          <Route path="/near-misses/:designation" element={<NearMisses />} />
          <Route path="*" element={<Where />} />
        </Routes>
      </ViewerProvider>
    </MemoryRouter>,
    { wrapper: TestApi },
  );
}

describe('ProgramOverview', () => {
  it('shows per designation the partners, those meeting requirements, near misses and at risk, and the Cloud badges', async () => {
    const calls = fakeGraphql(handlers);
    renderHome();
    const table = await screen.findByRole('table', { name: 'Designations at a glance' });
    await screen.findByTestId('cloud-badges');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      'Business Applications31201',
      'Data & AI (Azure)31211',
      'Digital & App Innovation (Azure)31200',
      'Infrastructure (Azure)31020',
      'Modern Work3130—',
      'Security31200',
    ]);
    expect(screen.getByTestId('cloud-badges')).toHaveTextContent('3 partners hold the Microsoft Cloud badge');
    expect(screen.getByText(/as of Jun 2024, the latest month with data/)).toBeInTheDocument();
    // The latest month: no asOf is sent, so the at-risk counts are there; the badges and the at-risk
    // counts come in queries of their own, so the counts do not wait for them.
    expect(calls).toEqual([
      { operation: 'ProgramOverview', variables: {} },
      { operation: 'ProgramBadges', variables: {} },
      { operation: 'ProgramRisk', variables: {} },
    ]);
    expect(table).toHaveAttribute('data-standings', 'loaded');
  });

  it('links each near-miss count to the list of those partners, in one click', async () => {
    const calls = fakeGraphql({ ...handlers, NearMisses: () => nearMisses });
    renderHome();
    const link = await screen.findByRole('link', { name: '2 near misses in Infrastructure (Azure)' });
    expect(link).toHaveAttribute('href', '/near-misses/INFRASTRUCTURE_AZURE?asOf=2024-06');
    expect(link).toHaveTextContent(/^2$/);
    expect(screen.getByRole('link', { name: '1 near miss in Data & AI (Azure)' })).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: /near miss/ })).toHaveLength(6);

    await userEvent.click(link);
    const list = await screen.findByRole('table', { name: 'Near misses in Infrastructure (Azure)' });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Infrastructure (Azure): near misses');
    expect(within(list).getAllByRole('row')).toHaveLength(3);
    expect(within(list).getByRole('link', { name: 'Horizon Workplace GmbH' })).toHaveAttribute(
      'href',
      '/partners/2991844?designation=INFRASTRUCTURE_AZURE&asOf=2024-06',
    );
    expect(list.querySelector('tr[data-partner="2380446"]')).toHaveTextContent('2380446Redwood Workplace Inc.682 points missing to 70');
    expect(list.querySelector('tr[data-partner="2991844"]')).toHaveTextContent('A metric below its minimum');
    expect(calls.find((c) => c.operation === 'NearMisses')?.variables).toEqual({
      asOf: '2024-06',
      designation: 'INFRASTRUCTURE_AZURE',
      minTotal: 65,
      first: 50,
    });
  });

  it('works for an analyst and a partner admin, whose overview the server scopes to its partner', async () => {
    fakeGraphql(handlers);
    const analyst = renderHome(ANALYST);
    expect(await screen.findByRole('link', { name: 'All partners' })).toHaveAttribute('href', '/partners');
    analyst.unmount();

    renderHome(PARTNER_ADMIN);
    expect(await screen.findByRole('link', { name: 'Open my partner' })).toHaveAttribute('href', '/partners/P001');
    expect(screen.getByText(/^Your partner as of Jun 2024/)).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Designations at a glance' })).toBeInTheDocument();
  });
});

describe('NearMisses', () => {
  it('asks the latest month first when the address gives none', async () => {
    const calls = fakeGraphql({
      LatestMonth: () => ({ latestMonth: '2024-05' }),
      NearMisses: () => ({ capabilityScores: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }),
    });
    renderHome(ADMIN, '/near-misses/SECURITY');
    expect(await screen.findByTestId('near-miss-count')).toHaveTextContent('No partner is a near miss for Security.');
    expect(calls.map((c) => c.operation)).toEqual(['LatestMonth', 'NearMisses']);
    expect(calls[1]!.variables.asOf).toBe('2024-05');
  });

  it('says so for an unknown designation', () => {
    fakeGraphql({});
    renderHome(ADMIN, '/near-misses/NOPE');
    expect(screen.getByRole('alert')).toHaveTextContent('There is no designation NOPE.');
  });
});
