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

const standingOf = (code: string, name: string, flags: Partial<Record<'held' | 'prerequisiteMet' | 'benefitsGranted', boolean>> = {}) => ({
  code,
  name,
  held: false,
  prerequisiteMet: false,
  benefitsGranted: false,
  detail: flags.held ? 'held and admitted: its benefits are granted' : 'may be held: a prerequisite designation is attained',
  ...flags,
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
    renderAt(
      <SpecializationProgress
        partnerId="P"
        asOf="2024-06"
        standing={[standingOf('THREAT_PROTECTION', 'Threat Protection', { held: true, prerequisiteMet: true, benefitsGranted: true })]}
        grants={[]}
        attained={new Set(['SECURITY'] as const)}
      />,
    );
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
    renderAt(<SpecializationProgress partnerId="P" asOf="2023-11" standing={[]} grants={[]} attained={new Set()} />);
    expect(await screen.findByText('The rule set in force records no specialization requirements.')).toBeInTheDocument();
  });
});

describe('SpecializationProgress groups', () => {
  const catalogue = [
    { code: 'THREAT_PROTECTION', name: 'Threat Protection', prerequisites: ['SECURITY'] },
    { code: 'CLOUD_SECURITY', name: 'Cloud Security', prerequisites: ['SECURITY'] },
    { code: 'IDENTITY_ACCESS_MANAGEMENT', name: 'Identity and Access Management', prerequisites: ['SECURITY'] },
    { code: 'AI_ML_AZURE', name: 'AI and Machine Learning on Microsoft Azure', prerequisites: ['DATA_AI_AZURE', 'DIGITAL_APP_INNOVATION_AZURE'] },
    { code: 'KUBERNETES_AZURE', name: 'Kubernetes on Microsoft Azure', prerequisites: ['DATA_AI_AZURE', 'DIGITAL_APP_INNOVATION_AZURE'] },
    { code: 'SALES', name: 'Sales', prerequisites: ['BUSINESS_APPLICATIONS'] },
    { code: 'FINANCE', name: 'Finance', prerequisites: ['BUSINESS_APPLICATIONS'] },
  ];
  const progress = (code: string, met: boolean[]) => ({
    code,
    ruleSet: '2023-12',
    met: met.every(Boolean),
    validationRequired: null,
    customerReferencesRequired: null,
    validatedBy: null,
    validUntil: null,
    requirements: met.map((m, i) => requirement(`requirement ${i + 1}`, m ? 1 : 0, 1, m ? 'met' : 'short')),
  });

  it('groups by the designation needed: held and granted first with status and progress, the rest behind a count', async () => {
    fakeGraphql({
      SpecializationProgress: () => ({
        specializations: catalogue,
        partner: {
          partnerId: 'P',
          specializationProgress: [
            progress('THREAT_PROTECTION', [true, true, true, false]),
            progress('CLOUD_SECURITY', [true, false]),
            progress('IDENTITY_ACCESS_MANAGEMENT', [false]),
          ],
        },
      }),
    });
    renderAt(
      <SpecializationProgress
        partnerId="P"
        asOf={undefined}
        standing={[
          standingOf('THREAT_PROTECTION', 'Threat Protection', { held: true, prerequisiteMet: true, benefitsGranted: true }),
          standingOf('CLOUD_SECURITY', 'Cloud Security', { prerequisiteMet: true }),
          standingOf('IDENTITY_ACCESS_MANAGEMENT', 'Identity and Access Management', { prerequisiteMet: true }),
          standingOf('AI_ML_AZURE', 'AI and Machine Learning on Microsoft Azure', { prerequisiteMet: true }),
          standingOf('KUBERNETES_AZURE', 'Kubernetes on Microsoft Azure', { prerequisiteMet: true }),
          standingOf('SALES', 'Sales'),
          standingOf('FINANCE', 'Finance'),
        ]}
        grants={[{ code: 'KUBERNETES_AZURE', active: true, expiresOn: '2025-06-30' }]}
        attained={new Set(['SECURITY', 'DIGITAL_APP_INNOVATION_AZURE'] as const)}
      />,
    );
    const security = await screen.findByRole('region', { name: /^Security/ });
    // Held: shown with its standing and how many requirements it meets.
    const held = within(security).getByRole('list', { name: 'Held or granted: Security' });
    const threat = within(held).getByText('Threat Protection').closest('li') as HTMLElement;
    expect(threat).toHaveTextContent('Held · benefits granted');
    expect(within(threat).getByTestId('requirements-met')).toHaveTextContent('3 of 4 requirements met');
    // The others are behind a closed disclosure that counts them, open to it first and by progress.
    const rest = security.querySelector('details') as HTMLDetailsElement;
    expect(rest.open).toBe(false);
    expect(within(rest).getByText('2 more specializations may be held')).toBeInTheDocument();
    const others = within(rest).getByRole('list', { name: 'Other specializations: Security', hidden: true });
    expect([...others.children].map((li) => li.getAttribute('data-code'))).toEqual(['CLOUD_SECURITY', 'IDENTITY_ACCESS_MANAGEMENT']);
    expect(within(others).getAllByText('May be held', { exact: true })).toHaveLength(2);
    // Not one "may be held" sentence per specialization.
    expect(screen.queryByText('may be held: a prerequisite designation is attained')).toBeNull();

    // One that two designations admit is under the attained one, with the other as an alternative;
    // a grant in force shows it first even while not held at the month.
    const apps = screen.getByRole('region', { name: /^Digital & App Innovation \(Azure\)/ });
    const granted = within(apps).getByRole('list', { name: 'Held or granted: Digital & App Innovation (Azure)' });
    expect(granted).toHaveTextContent('Kubernetes on Microsoft Azure');
    expect(granted).toHaveTextContent('Granted · not held at this month');
    expect(granted).toHaveTextContent('Also admitted by Data & AI (Azure)');
    expect(within(apps).getByText('1 more specialization may be held')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /^Data & AI/ })).toBeNull();

    // A designation not attained: nothing shown but the count of what waits for it.
    const ba = screen.getByRole('region', { name: /^Business Applications/ });
    expect(ba).toHaveTextContent('Not attained');
    expect(within(ba).getByText('None held or granted.')).toBeInTheDocument();
    expect(within(ba).getByText('2 specializations need Business Applications attained')).toBeInTheDocument();
    expect(screen.getByTestId('specialization-counts')).toHaveTextContent('1 held · 4 may be held · 2 wait for a designation');
  });
});
