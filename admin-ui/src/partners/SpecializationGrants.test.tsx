import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, ANALYST, fakeGraphql, renderAt } from '../test/helpers';
import { SpecializationGrants } from './SpecializationGrants';

afterEach(() => vi.unstubAllGlobals());

const standing = [
  { code: 'CLOUD_SECURITY', name: 'Cloud Security', held: true, prerequisiteMet: true, benefitsGranted: true, detail: 'held and admitted: its benefits are granted' },
  {
    code: 'THREAT_PROTECTION',
    name: 'Threat Protection',
    held: true,
    prerequisiteMet: true,
    benefitsGranted: false,
    detail: 'held and admitted, but the benefits of at most 3 SECURITY specializations stack',
  },
  { code: 'SALES', name: 'Sales', held: false, prerequisiteMet: false, benefitsGranted: false, detail: 'not held' },
];

const grants = [
  { code: 'CLOUD_SECURITY', grantedOn: '2024-01-01', expiresOn: '2024-12-31', validation: 'AUDIT' as const, version: 1, active: true, specialization: { name: 'Cloud Security' } },
  { code: 'THREAT_PROTECTION', grantedOn: '2024-02-01', expiresOn: null, validation: 'CUSTOMER_REFERENCES' as const, version: 3, active: true, specialization: { name: 'Threat Protection' } },
  { code: 'SALES', grantedOn: '2022-01-01', expiresOn: '2022-12-31', validation: 'NONE' as const, version: 1, active: false, specialization: { name: 'Sales' } },
];

describe('SpecializationGrants', () => {
  it('shows each grant with what it does at the month: benefits, over the cap, or not in force', () => {
    renderAt(<SpecializationGrants partnerId="P1" grants={grants} standing={standing} onChanged={() => {}} />, { viewer: ANALYST });
    const table = screen.getByRole('table', { name: 'Specialization grants' });
    const row = (code: string) => within(table.querySelector(`tr[data-code="${code}"]`) as HTMLElement);
    expect(row('CLOUD_SECURITY').getByText('Held · benefits granted')).toBeInTheDocument();
    expect(row('THREAT_PROTECTION').getByText('Held · over the stacking cap')).toBeInTheDocument();
    expect(row('THREAT_PROTECTION').getByText('no end recorded')).toBeInTheDocument();
    expect(row('SALES').getByText('Not in force')).toBeInTheDocument();
    // Analysts read; only administrators record, renew and end.
    expect(screen.queryByRole('button', { name: 'Record a specialization' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Renew Cloud Security' })).toBeNull();
  });

  it('renews a grant with its version and shows how the standing moves', async () => {
    const calls = fakeGraphql({
      RenewSpecialization: () => ({
        renewSpecialization: {
          userErrors: [],
          standingImpact: [],
        },
      }),
    });
    const onChanged = vi.fn();
    renderAt(<SpecializationGrants partnerId="P1" grants={grants} standing={standing} onChanged={onChanged} />, { viewer: ADMIN });
    fireEvent.click(screen.getByRole('button', { name: 'Renew Threat Protection' }));
    const form = screen.getByRole('form', { name: 'Renew Threat Protection' });
    fireEvent.change(within(form).getByLabelText('Valid till (empty: no end)'), { target: { value: '2026-01-31' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Renew' }));
    expect(await screen.findByText('Threat Protection renewed through 2026-01-31.')).toBeInTheDocument();
    expect(screen.getByText("No specialization's standing changes.")).toBeInTheDocument();
    expect(calls[0]?.variables).toEqual({
      input: { partnerId: 'P1', code: 'THREAT_PROTECTION', grantedOn: '2024-02-01', expiresOn: '2026-01-31', version: 3 },
    });
    expect(onChanged).toHaveBeenCalled();
  });

  it('records a grant and lists the specializations whose benefits move; a refusal keeps the form', async () => {
    let attempt = 0;
    fakeGraphql({
      RecordSpecialization: () => {
        attempt += 1;
        if (attempt === 1) {
          return {
            recordSpecialization: {
              userErrors: [{ field: ['input', 'grantedOn'], code: 'CONFLICT', message: 'overlaps the grant of SALES to P1 from 2022-01-01 through 2022-12-31' }],
              standingImpact: [],
            },
          };
        }
        return {
          recordSpecialization: {
            userErrors: [],
            standingImpact: [
              { code: 'CLOUD_SECURITY', heldBefore: false, heldAfter: true, benefitsBefore: false, benefitsAfter: true, detail: 'granted' },
              { code: 'THREAT_PROTECTION', heldBefore: true, heldAfter: true, benefitsBefore: true, benefitsAfter: false, detail: 'over the cap' },
            ],
          },
        };
      },
    });
    renderAt(<SpecializationGrants partnerId="P1" grants={[]} standing={standing} onChanged={() => {}} />, { viewer: ADMIN });
    expect(screen.getByText('No specialization has been recorded for this partner.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Record a specialization' }));
    const form = screen.getByRole('form', { name: 'Record a specialization' });
    fireEvent.change(within(form).getByLabelText('Specialization'), { target: { value: 'CLOUD_SECURITY' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('input.grantedOn: overlaps the grant of SALES');
    fireEvent.click(within(form).getByRole('button', { name: 'Record' }));
    const impact = await screen.findByRole('list', { name: 'Standing impact' });
    expect(impact).toHaveTextContent('Cloud Security: not held → benefits granted');
    expect(impact).toHaveTextContent('Threat Protection: benefits granted → held, no benefits');
  });
});

describe('SpecializationGrants dates', () => {
  it('defaults its dates to the first day of the latest month with data and warns after it', () => {
    renderAt(
      <SpecializationGrants partnerId="P1" grants={grants} standing={standing} onChanged={() => {}} latestMonth="2024-06" />,
      { viewer: ADMIN },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Record a specialization' }));
    const form = screen.getByRole('form', { name: 'Record a specialization' });
    const grantedOn = within(form).getByLabelText('Granted on');
    expect(grantedOn).toHaveValue('2024-06-01');
    expect(within(form).queryByTestId('date-after-data')).toBeNull();
    fireEvent.change(grantedOn, { target: { value: '2024-07-02' } });
    expect(within(form).getByTestId('date-after-data')).toHaveTextContent('2024-07-02 is after the latest month with data (Jun 2024)');
    fireEvent.click(screen.getByRole('button', { name: 'End Cloud Security' }));
    const end = screen.getByRole('form', { name: 'End Cloud Security' });
    expect(within(end).getByLabelText('Last day in force')).toHaveValue('2024-06-01');
  });
});

describe('SpecializationGrants choice', () => {
  it('offers the specializations an attained designation admits first, in a group of their own', () => {
    renderAt(<SpecializationGrants partnerId="P1" grants={[]} standing={standing} onChanged={() => {}} />, { viewer: ADMIN });
    fireEvent.click(screen.getByRole('button', { name: 'Record a specialization' }));
    const select = within(screen.getByRole('form', { name: 'Record a specialization' })).getByLabelText('Specialization');
    const groups = [...select.querySelectorAll('optgroup')].map((g) => [g.label, [...g.querySelectorAll('option')].map((o) => o.value)]);
    expect(groups).toEqual([
      ['Admitted by an attained designation', ['CLOUD_SECURITY', 'THREAT_PROTECTION']],
      ['No attained prerequisite', ['SALES']],
    ]);
  });
});
