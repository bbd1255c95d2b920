import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PARTNER_ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { PartnerPage } from './PartnerPage';

afterEach(() => vi.unstubAllGlobals());

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
    });
    renderAt(<PartnerPage tab="scores" />, { path: '/partners/P1?ruleSet=2023-07', pattern: '/partners/:partnerId' });
    expect(await screen.findByTestId('what-if')).toHaveTextContent('scored under rule set 2023-07');
    expect(await screen.findByTestId('detail-total')).toHaveTextContent('63.35');
    expect(screen.getByTestId('rule-set')).toHaveValue('2023-07');
    for (const operation of ['PartnerOverview', 'DesignationDetail']) {
      expect(calls.find((c) => c.operation === operation)?.variables.ruleSet).toBe('2023-07');
    }

    fireEvent.change(screen.getByTestId('rule-set'), { target: { value: '' } });
    await waitFor(() => expect(screen.queryByTestId('what-if')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('detail-total')).toHaveTextContent('36.68'));
    const last = calls.filter((c) => c.operation === 'PartnerOverview').at(-1);
    expect(last?.variables.ruleSet).toBeUndefined();
  });
});
