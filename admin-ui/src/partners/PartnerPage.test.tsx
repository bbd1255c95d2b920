import { screen } from '@testing-library/react';
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
