// End and Move show the score impact before saving: the API's simulation of the end (and, for a move,
// the new association on the destination), asked once the form's values settle, nothing written.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { impactRow, professionalsPage } from './fixtures';
import { ProfessionalsTab } from './ProfessionalsTab';

afterEach(() => vi.unstubAllGlobals());

type Change = { kind: string; professionalId: string; date: string };

/** The simulation of each partner: the destination gains what the origin loses. */
function simulate(variables: Record<string, unknown>) {
  const [change] = variables.changes as Change[];
  const late = change?.date === '2024-06-20';
  return {
    simulateScore:
      variables.partnerId === 'P001'
        ? [impactRow('P001', 'SECURITY', 40, late ? 36.67 : 33.33), impactRow('P001', 'MODERN_WORK', 20, 20)]
        : [impactRow(String(variables.partnerId), 'SECURITY', 10, 16.67)],
  };
}

const simulations = (calls: { operation: string; variables: Record<string, unknown> }[]) =>
  calls.filter((c) => c.operation === 'SimulateScore').map((c) => ({ partnerId: c.variables.partnerId, ...(c.variables.changes as Change[])[0] }));

describe('End shows the impact before saving', () => {
  it('simulates the end on the chosen day and shows each designation before → after, writing nothing', async () => {
    const calls = fakeGraphql({ PartnerProfessionals: professionalsPage, SimulateScore: simulate });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf="2024-03" />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'End the association of Ada Lovelace' }));
    const end = screen.getByRole('form', { name: 'End association' });
    const preview = await within(end).findByRole('table', { name: 'Score impact preview' });
    const security = within(preview).getByRole('row', { name: /Security/ });
    expect(security).toHaveTextContent('40');
    expect(security).toHaveTextContent('33.33');
    expect(security).toHaveTextContent('−6.67');
    // A designation that does not move is left out.
    expect(within(preview).queryByRole('row', { name: /Modern Work/ })).toBeNull();
    expect(within(end).getByText(/as of Jun 2024 \(nothing is saved yet\)/)).toBeInTheDocument();
    // Simulated at the latest month, as the save reports it, not at the page's month.
    expect(calls.find((c) => c.operation === 'SimulateScore')?.variables).toEqual({
      partnerId: 'P001',
      changes: [{ kind: 'END_PROFESSIONAL_ASSOCIATION', professionalId: 'M0', date: '2024-06-01' }],
    });
    expect(calls.some((c) => c.operation === 'EndAssociation')).toBe(false);

    // Days changed in quick succession: one simulation, of the last.
    const day = within(end).getByLabelText('Last day counted');
    fireEvent.change(day, { target: { value: '2024-06-10' } });
    fireEvent.change(day, { target: { value: '2024-06-20' } });
    await waitFor(() =>
      expect(within(within(end).getByRole('table', { name: 'Score impact preview' })).getByRole('row', { name: /Security/ })).toHaveTextContent(
        '36.67',
      ),
    );
    expect(simulations(calls).map((s) => s.date)).toEqual(['2024-06-01', '2024-06-20']);
  });

  it('says so when the impact cannot be computed, and still lets the end be saved', async () => {
    fakeGraphql({
      PartnerProfessionals: professionalsPage,
      SimulateScore: () => {
        throw new Error('down');
      },
      EndAssociation: () => ({ endAssociation: { userErrors: [], scoreImpact: [] } }),
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'End the association of Ada Lovelace' }));
    const end = screen.getByRole('form', { name: 'End association' });
    expect(await within(end).findByText(/The score impact could not be computed/)).toBeInTheDocument();
    expect(within(end).queryByRole('alert')).toBeNull();
    await ui.click(within(end).getByRole('button', { name: 'End association' }));
    expect(await screen.findByText("Ada Lovelace's association with P001 ends on 2024-06-01.")).toBeInTheDocument();
  });
});

describe('Move shows the impact before saving', () => {
  it('simulates both partners once the destination is typed, each row labelled with its partner', async () => {
    const calls = fakeGraphql({
      PartnerProfessionals: professionalsPage,
      SimulateScore: simulate,
      MovePartners: () => ({ from: { partnerId: 'P001', name: 'Contoso' }, to: { partnerId: 'P002', name: 'Fabrikam' } }),
    });
    const ui = userEvent.setup();
    renderAt(<ProfessionalsTab partnerId="P001" asOf={undefined} />, { viewer: ADMIN });
    await screen.findByRole('table', { name: 'Certified professionals' });
    await ui.click(screen.getByRole('button', { name: 'Move Ada Lovelace to another partner' }));
    const move = screen.getByRole('form', { name: 'Move professional' });
    // No destination yet: nothing to simulate.
    expect(within(move).queryByRole('table')).toBeNull();
    await ui.type(within(move).getByLabelText('To partner (PartnerID)'), 'P002');

    const from = await within(move).findByRole('table', { name: 'Score impact preview for P001 · Contoso' });
    const to = within(move).getByRole('table', { name: 'Score impact preview for P002 · Fabrikam' });
    expect(within(from).getByRole('row', { name: /Security/ })).toHaveTextContent('33.33');
    expect(within(to).getByRole('row', { name: /Security/ })).toHaveTextContent('16.67');
    expect(within(move).getByRole('heading', { name: 'Partner P001 · Contoso' })).toBeInTheDocument();
    expect(within(move).getByRole('heading', { name: 'Partner P002 · Fabrikam' })).toBeInTheDocument();
    // The end on the origin and the start on the destination, on the same day; no partial id asked.
    expect(simulations(calls)).toEqual([
      { partnerId: 'P001', kind: 'END_PROFESSIONAL_ASSOCIATION', professionalId: 'M0', date: '2024-06-01' },
      { partnerId: 'P002', kind: 'ASSOCIATE_PROFESSIONAL', professionalId: 'M0', date: '2024-06-01' },
    ]);
    expect(calls.some((c) => c.operation === 'MoveProfessional')).toBe(false);
  });
});
