import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FactsList, type FactView } from './FactsList';

const many: FactView[] = Array.from({ length: 30 }, (_, i) => ({
  kind: 'CUSTOMER',
  subject: `tenant-${i}`,
  outcome: i % 3 === 0 ? 'LOST' : 'RETAINED',
  detail: `Customer ${i}`,
  numbers: [{ name: 'paid_seats', value: 1000 + i }],
}));

describe('FactsList', () => {
  it('shows the first 25 facts and all of them on request', async () => {
    render(<FactsList facts={many} label="Net customer adds" />);
    await userEvent.click(screen.getByText(/^30 facts/));
    const table = screen.getByRole('table', { name: 'Facts: Net customer adds' });
    expect(within(table).getAllByRole('row')).toHaveLength(26);
    expect(table).toHaveTextContent('1,000');
    await userEvent.click(screen.getByRole('button', { name: 'Show all 30 facts' }));
    expect(within(table).getAllByRole('row')).toHaveLength(31);
  });

  it('says so when a metric has no facts', () => {
    render(<FactsList facts={[]} label="Deployments" />);
    expect(screen.getByText('No facts')).toBeInTheDocument();
  });
});
