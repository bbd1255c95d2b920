import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PARTNER_ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { PartnerPage } from './PartnerPage';

afterEach(() => vi.unstubAllGlobals());

const noRecommendations = () => ({
  partner: { partnerId: 'P1', recommendations: [], pathToThreshold: { changes: [], totalAfter: 75, actions: [] } },
});

describe('PartnerPage', () => {
  it('says "not found or not yours" when the server returns no partner', async () => {
    fakeGraphql({ PartnerOverview: () => ({ latestMonth: '2024-06', partner: null }) });
    renderAt(<PartnerPage tab="scores" />, {
      viewer: PARTNER_ADMIN,
      path: '/partners/P999',
      pattern: '/partners/:partnerId',
    });
    const message = await screen.findByTestId('partner-not-found');
    expect(message).toHaveTextContent('There is no partner P999, or it is not yours to see.');
  });

  it('shows a clear message when the server refuses', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ data: null, errors: [{ message: 'x', extensions: { code: 'QUERY_TOO_COMPLEX' } }] }), {
            status: 200,
          }),
      ),
    );
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1', pattern: '/partners/:partnerId' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This request asks for too much at once.');
    expect(alert).toHaveAttribute('data-code', 'QUERY_TOO_COMPLEX');
  });
});

describe('PartnerPage rule sets', () => {
  const score = (ruleSet: string, total: number) => ({
    designationCode: 'SECURITY',
    asOf: '2024-06',
    ruleSet,
    total,
    meetsRequirements: false,
    pointsToThreshold: 70 - total,
    track: null,
  });
  const overview = (vars: Record<string, unknown>) => ({
    latestMonth: '2024-06',
    ruleSets: [
      { code: '2023-07', name: 'Solutions Partner designations, July 2023', effectiveFrom: '2023-07-01', effectiveTo: '2023-11-30' },
      { code: '2023-12', name: 'Solutions Partner designations, December 2023', effectiveFrom: '2023-12-01', effectiveTo: null },
    ],
    partner: {
      partnerId: 'P1',
      name: 'Contoso',
      country: 'DE',
      anniversaryDate: null,
      capabilityScores: [vars.ruleSet === '2023-07' ? score('2023-07', 63.35) : score('2023-12', 36.68)],
      standing: { asOf: '2024-06', microsoftCloudBadge: false, designations: [], specializations: [], benefits: [] },
      specializationGrants: [],
    },
  });
  const detail = (vars: Record<string, unknown>) => ({
    partner: {
      partnerId: 'P1',
      capabilityScore: { ...score(String(vars.ruleSet ?? '2023-12'), vars.ruleSet === '2023-07' ? 63.35 : 36.68), metrics: [], facts: [] },
      scoreHistory: [],
    },
  });

  it('scores the page under the chosen rule set, says it is a what-if, and goes back to the rules in force', async () => {
    const calls = fakeGraphql({
      PartnerOverview: overview,
      DesignationDetail: detail,
      SpecializationProgress: () => ({ partner: { partnerId: 'P1', specializationProgress: [] } }),
      PartnerRisk: () => ({ partner: { partnerId: 'P1', standing: { asOf: '2024-06', designations: [] } } }),
      PartnerRecommendations: noRecommendations,
    });
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1?ruleSet=2023-07', pattern: '/partners/:partnerId' });
    expect(await screen.findByTestId('what-if')).toHaveTextContent('scored under rule set 2023-07');
    expect(await screen.findByTestId('detail-total')).toHaveTextContent('63.35');
    expect(screen.getByTestId('rule-set')).toHaveValue('2023-07');
    for (const operation of ['PartnerOverview', 'DesignationDetail']) {
      expect(calls.find((c) => c.operation === operation)?.variables.ruleSet).toBe('2023-07');
    }

    // The recommendations are the rules in force's, and say so in a what-if.
    expect(await screen.findByTestId('recommendations-rules')).toHaveTextContent('not under the what-if rule set 2023-07');
    expect(calls.find((c) => c.operation === 'PartnerRecommendations')?.variables).toEqual({
      partnerId: 'P1',
      designation: 'SECURITY',
    });

    fireEvent.change(screen.getByTestId('rule-set'), { target: { value: '' } });
    await waitFor(() => expect(screen.queryByTestId('what-if')).toBeNull());
    expect(screen.queryByTestId('recommendations-rules')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('detail-total')).toHaveTextContent('36.68'));
    const last = calls.filter((c) => c.operation === 'PartnerOverview').at(-1);
    expect(last?.variables.ruleSet).toBeUndefined();
  });
});

describe('PartnerPage forecast and risk', () => {
  const metric = (metric: string, points: number, facts: { subject: string; outcome: string; detail: string }[] = []) => ({
    metric,
    category: 'SKILLING',
    points,
    maxPoints: 40,
    value: 0,
    target: 0,
    pointsMissing: 0,
    minimumPoints: 0,
    options: [],
    facts: facts.map((f) => ({ kind: 'PROFESSIONAL', numbers: [], ...f })),
  });
  const overview = () => ({
    latestMonth: '2024-06',
    ruleSets: [{ code: '2023-12', name: 'December 2023', effectiveFrom: '2023-12-01', effectiveTo: null }],
    partner: {
      partnerId: 'P1',
      name: 'Contoso',
      country: 'DE',
      anniversaryDate: null,
      capabilityScores: [
        {
          designationCode: 'SECURITY',
          asOf: '2024-06',
          ruleSet: '2023-12',
          total: 75,
          meetsRequirements: true,
          pointsToThreshold: 0,
          track: null,
        },
      ],
      standing: {
        asOf: '2024-06',
        microsoftCloudBadge: false,
        designations: [
          {
            designation: 'SECURITY',
            attained: true,
            attainedMonth: '2024-06',
            windowStart: '2023-07',
            windowEnd: '2024-06',
            enrollment: 'QUALIFIED',
            enrollmentWindowStart: '2024-01-01',
            enrollmentWindowEnd: '2024-06-30',
            enrolledUntil: null,
            enrollmentDetail: 'qualified',
          },
        ],
        specializations: [],
        benefits: [],
      },
      specializationGrants: [],
    },
  });
  const current = [
    metric('ADVANCED_CERTIFICATIONS', 15, [{ subject: 'P1', outcome: 'COUNTED', detail: 'P1 holds MS-102' }]),
    metric('INTERMEDIATE_CERTIFICATIONS', 60),
  ];
  const detail = (vars: Record<string, unknown>) => ({
    partner: {
      partnerId: 'P1',
      capabilityScore: {
        designationCode: 'SECURITY',
        asOf: '2024-06',
        ruleSet: String(vars.ruleSet ?? '2023-12'),
        total: 75,
        meetsRequirements: true,
        pointsToThreshold: 0,
        track: null,
        metrics: current,
        facts: [],
      },
      scoreHistory: [
        { asOf: '2024-05', ruleSet: '2023-12', total: 75, meetsRequirements: true },
        { asOf: '2024-06', ruleSet: '2023-12', total: 75, meetsRequirements: true },
      ],
      // What the server answers under `@include(if: $withForecast)`.
      ...(vars.withForecast
        ? {
            forecast: [
              { asOf: '2024-07', ruleSet: '2023-12', total: 75, meetsRequirements: true, metrics: current },
              {
                asOf: '2024-08',
                ruleSet: '2023-12',
                total: 60,
                meetsRequirements: false,
                metrics: [
                  metric('ADVANCED_CERTIFICATIONS', 0, [{ subject: 'P1', outcome: 'NOT_COUNTED', detail: 'MS-102 expired on 2024-08-15' }]),
                  metric('INTERMEDIATE_CERTIFICATIONS', 60),
                ],
              },
            ],
          }
        : {}),
    },
  });
  const handlers = {
    PartnerOverview: overview,
    DesignationDetail: detail,
    PartnerRecommendations: noRecommendations,
    SpecializationProgress: () => ({ partner: { partnerId: 'P1', specializationProgress: [] } }),
    PartnerRisk: () => ({
      partner: {
        partnerId: 'P1',
        standing: { asOf: '2024-06', designations: [{ designation: 'SECURITY', atRisk: true, firstMonthAtRisk: '2024-08' }] },
      },
    }),
  };

  it('shows the forecast months in the chart, the points they lose and the at-risk badge on the card', async () => {
    const calls = fakeGraphql(handlers);
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1', pattern: '/partners/:partnerId' });
    const losses = await screen.findByTestId('forecast-losses');
    expect(losses).toHaveTextContent('2024-08: Advanced certifications −15 — MS-102 expired on 2024-08-15');
    expect(screen.getByRole('img', { name: /Security score by month/ })).toHaveAccessibleName(
      /Jun 2024: 75\. Forecast, if nothing new happens: Jul 2024: 75, Aug 2024: 60/,
    );
    expect(screen.getByTestId('forecast-legend')).toBeInTheDocument();
    expect(await screen.findByTestId('at-risk')).toHaveTextContent('At risk from 2024-08');
    expect(calls.find((c) => c.operation === 'DesignationDetail')?.variables.withForecast).toBe(true);
    // The risk is its own query, by partner only.
    expect(calls.find((c) => c.operation === 'PartnerRisk')?.variables).toEqual({ partnerId: 'P1' });
  });

  it('shows the selected designation\'s recommendations below the chart and the forecast, at the page\'s month', async () => {
    const calls = fakeGraphql(handlers);
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1?asOf=2024-06', pattern: '/partners/:partnerId' });
    const panel = await screen.findByTestId('recommendations');
    expect(panel).toHaveTextContent('Security: recommendations');
    expect(await screen.findByTestId('path-met')).toHaveTextContent('Requirements are already met: total 75.');
    expect(calls.find((c) => c.operation === 'PartnerRecommendations')?.variables).toEqual({
      partnerId: 'P1',
      designation: 'SECURITY',
      asOf: '2024-06',
    });
    // The forecast stays beside the chart, above the panel.
    const losses = await screen.findByTestId('forecast-losses');
    expect(losses.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(losses.closest('section')).toContainElement(screen.getByRole('img', { name: /Security score by month/ }));
  });

  it('asks no forecast in a what-if but keeps the at-risk badge', async () => {
    const calls = fakeGraphql(handlers);
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1?ruleSet=2023-12', pattern: '/partners/:partnerId' });
    await screen.findByTestId('detail-total');
    expect(await screen.findByRole('img', { name: /Security score by month/ })).not.toHaveAccessibleName(/Forecast/);
    expect(screen.queryByTestId('forecast-losses')).toBeNull();
    expect(screen.queryByTestId('forecast-legend')).toBeNull();
    expect(calls.find((c) => c.operation === 'DesignationDetail')?.variables.withForecast).toBe(false);
    // The risk is the standing's, under the rules in force: a what-if keeps the badge.
    expect(await screen.findByTestId('at-risk')).toHaveTextContent('At risk from 2024-08');
  });

  it('shows neither the forecast nor the badge for an earlier month', async () => {
    const calls = fakeGraphql(handlers);
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1?asOf=2024-03', pattern: '/partners/:partnerId' });
    await screen.findByRole('img', { name: /Security score by month/ });
    expect(screen.queryByTestId('forecast-losses')).toBeNull();
    expect(screen.queryByTestId('at-risk')).toBeNull();
    expect(calls.find((c) => c.operation === 'DesignationDetail')?.variables.withForecast).toBe(false);
    expect(calls.some((c) => c.operation === 'PartnerRisk')).toBe(false);
  });
});

describe('PartnerPage months', () => {
  const overview = () => ({
    latestMonth: '2024-06',
    ruleSets: [],
    partner: {
      partnerId: 'P1',
      name: 'Contoso',
      country: 'DE',
      anniversaryDate: null,
      capabilityScores: [],
      standing: { asOf: '2026-11', microsoftCloudBadge: false, designations: [], specializations: [], benefits: [] },
      specializationGrants: [],
    },
  });

  it('says a month that is not YYYY-MM is invalid, names it, links to the latest month and asks nothing', async () => {
    const calls = fakeGraphql({ PartnerOverview: overview });
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1?asOf=garbage&designation=SECURITY', pattern: '/partners/:partnerId' });
    const alert = await screen.findByTestId('invalid-month');
    expect(alert).toHaveTextContent('“garbage” is not a valid month');
    expect(alert).not.toHaveTextContent('The server failed to answer');
    expect(screen.getByRole('link', { name: 'Show the latest month with data' })).toHaveAttribute(
      'href',
      '/partners/P1?designation=SECURITY',
    );
    expect(calls).toHaveLength(0);
  });

  it('says the data ends at the latest month when the month asked is after it', async () => {
    fakeGraphql({
      PartnerOverview: overview,
      DesignationDetail: () => ({ partner: { partnerId: 'P1', capabilityScore: null, scoreHistory: [] } }),
      SpecializationProgress: () => ({ partner: { partnerId: 'P1', specializationProgress: [] } }),
      PartnerRecommendations: noRecommendations,
    });
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1?asOf=2026-11', pattern: '/partners/:partnerId' });
    expect(await screen.findByTestId('after-data')).toHaveTextContent(
      'There is no data for Nov 2026 yet: the data ends in Jun 2024 (2024-06)',
    );
    expect(screen.getByLabelText('Scores as of')).toHaveAttribute('max', '2024-06');
  });
});
