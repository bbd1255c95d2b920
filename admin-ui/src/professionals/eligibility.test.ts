import { describe, expect, it } from 'vitest';
import { countsFor, endOfMonth, isValidOn } from './eligibility';

const I = 'INTERMEDIATE_CERTIFICATIONS' as const;
const security = {
  code: 'SECURITY' as const,
  eligibleCertifications: [
    { metric: I, certification: 'MS-500', step: 'required 1' },
    { metric: I, certification: 'AZ-500', step: 'required 2' },
    { metric: I, certification: 'SC-200', step: 'required 3' },
    { metric: I, certification: 'SC-300', step: 'required 3' },
  ],
};
const azure = {
  code: 'INFRASTRUCTURE_AZURE' as const,
  eligibleCertifications: [
    { metric: I, certification: 'AZ-700', step: 'final step' },
    { metric: I, certification: 'AZ-104', step: 'step 1' },
  ],
};
const modernWork = {
  code: 'MODERN_WORK' as const,
  eligibleCertifications: [{ metric: I, certification: 'SC-300', step: 'eligible' }],
};
const cert = (code: string) => ({ code, earnedOn: '2023-03-01', expiresOn: null, retiredOn: null });

describe('eligibility', () => {
  it('a retired certification still counts for one year after retirement', () => {
    const ms500 = { code: 'MS-500', earnedOn: '2023-03-01', expiresOn: null, retiredOn: '2023-07-31' };
    expect(isValidOn(ms500, '2024-06-30')).toBe(true);
    expect(isValidOn(ms500, '2024-08-01')).toBe(false);
  });

  it('an expired or not yet earned certification does not count', () => {
    expect(isValidOn({ code: 'AZ-500', earnedOn: '2023-01-01', expiresOn: '2024-01-01', retiredOn: null }, '2024-06-30')).toBe(false);
    expect(isValidOn({ code: 'AZ-500', earnedOn: '2024-07-01', expiresOn: null, retiredOn: null }, '2024-06-30')).toBe(false);
  });

  it('a Security professional counts only with one certification of every required group', () => {
    const all = countsFor([cert('MS-500'), cert('AZ-500'), cert('SC-300')], [security, azure, modernWork], '2024-06-30');
    expect(all).toEqual([
      {
        designation: 'SECURITY',
        metrics: [{ metric: I, counts: true, certifications: ['AZ-500', 'MS-500', 'SC-300'], missing: [], steps: [] }],
      },
      { designation: 'MODERN_WORK', metrics: [{ metric: I, counts: true, certifications: ['SC-300'], missing: [], steps: [] }] },
    ]);
    const partial = countsFor([cert('MS-500'), cert('AZ-500')], [security], '2024-06-30');
    expect(partial).toEqual([
      {
        designation: 'SECURITY',
        metrics: [{ metric: I, counts: false, certifications: ['AZ-500', 'MS-500'], missing: [['SC-200', 'SC-300']], steps: [] }],
      },
    ]);
  });

  it('a prerequisite step is shown as such, and an expired final step does not count', () => {
    const certs = [cert('AZ-104'), { ...cert('AZ-700'), expiresOn: '2023-12-31' }];
    expect(countsFor(certs, [azure], '2024-06-30')).toEqual([
      {
        designation: 'INFRASTRUCTURE_AZURE',
        metrics: [{ metric: I, counts: false, certifications: [], missing: [], steps: ['step 1'] }],
      },
    ]);
  });

  it('knows the last day of a month', () => {
    expect(endOfMonth('2024-02')).toBe('2024-02-29');
    expect(endOfMonth('2024-06')).toBe('2024-06-30');
  });
});
