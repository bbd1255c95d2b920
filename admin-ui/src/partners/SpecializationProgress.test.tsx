import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGraphql, renderAt } from '../test/helpers';
import { SpecializationProgress } from './SpecializationProgress';

afterEach(() => vi.unstubAllGlobals());

const requirement = (label: string, value: number, target: number, detail: string) => ({
  label,
  value,
  target,
  met: value >= target,
  detail,
  options: [],
});

describe('SpecializationProgress', () => {
  it('lists each requirement against its target, the options of a choice, and the validation', async () => {
    const calls = fakeGraphql({
      SpecializationProgress: () => ({
        partner: {
          partnerId: 'P',
          specializationProgress: [
            {
              code: 'THREAT_PROTECTION',
              ruleSet: '2023-12',
              met: false,
              validationRequired: 'CUSTOMER_REFERENCES',
              customerReferencesRequired: 3,
              validatedBy: 'CUSTOMER_REFERENCES',
              validUntil: '2025-12-31',
              requirements: [
                {
                  ...requirement('Defender growth or Sentinel ACR', 1800, 100000, 'none of the options is met yet'),
                  options: [
                    requirement('1,000 MAU growth of Defender for Identity', 0, 1000, '0 monthly active users'),
                    requirement('$100,000 Sentinel ACR', 1800, 100000, '$1800.00 of ACR'),
                  ],
                },
                requirement('6 professionals with SC-200', 4, 6, 'held by M0, M1, M2, M3'),
              ],
            },
          ],
        },
      }),
    });
    renderAt(<SpecializationProgress partnerId="P" asOf="2024-06" names={new Map([['THREAT_PROTECTION', 'Threat Protection']])} />);
    const list = await screen.findByRole('list', { name: 'Requirements of Threat Protection' });
    expect(list).toHaveTextContent('6 professionals with SC-200: 4 of 6');
    expect(list).toHaveTextContent('held by M0, M1, M2, M3');
    const options = within(list).getByRole('list', { name: /Options of Defender growth/ });
    expect(options).toHaveTextContent('$100,000 Sentinel ACR: 1,800 of 100,000');
    expect(screen.getByText(/Microsoft also asks for 3 customer references; validated by customer references until 2025-12-31/)).toBeInTheDocument();
    expect(screen.getByText('rule set 2023-12')).toBeInTheDocument();
    expect(calls[0]?.variables).toEqual({ partnerId: 'P', asOf: '2024-06' });
  });

  it('says when the rule set in force records no requirements', async () => {
    fakeGraphql({ SpecializationProgress: () => ({ partner: { partnerId: 'P', specializationProgress: [] } }) });
    renderAt(<SpecializationProgress partnerId="P" asOf="2023-11" names={new Map()} />);
    expect(await screen.findByText('The rule set in force records no specialization requirements.')).toBeInTheDocument();
  });
});
