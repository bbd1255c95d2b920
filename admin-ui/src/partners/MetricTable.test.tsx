import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MetricTable, type MetricView } from './MetricTable';

const metrics: MetricView[] = [
  {
    metric: 'NET_CUSTOMER_ADDS',
    category: 'PERFORMANCE',
    points: 16,
    maxPoints: 20,
    value: 4,
    target: 5,
    pointsMissing: 4,
    minimumPoints: 1,
    facts: [],
  },
  {
    metric: 'INTERMEDIATE_CERTIFICATIONS',
    category: 'SKILLING',
    points: 26.67,
    maxPoints: 40,
    value: 4,
    target: 6,
    pointsMissing: 13.33,
    minimumPoints: 1,
    facts: [
      { kind: 'PROFESSIONAL', subject: 'M0', outcome: 'COUNTED', detail: 'Holds MS-500, AZ-500 and SC-200.', numbers: [] },
      {
        kind: 'PROFESSIONAL',
        subject: 'M9',
        outcome: 'NOT_COUNTED',
        detail: 'Holds only AZ-500.',
        numbers: [{ name: 'certifications_held', value: 1 }],
      },
    ],
  },
  {
    metric: 'USAGE_GROWTH',
    category: 'CUSTOMER_SUCCESS',
    points: 0.68,
    maxPoints: 20,
    value: 1.2,
    target: 30,
    pointsMissing: 19.32,
    minimumPoints: 1,
    facts: [],
  },
];

describe('MetricTable', () => {
  it('shows each metric with points, maximum, value, target and points missing, and the total', () => {
    render(<MetricTable metrics={metrics} caption="Security metrics" />);
    const table = screen.getByRole('table', { name: 'Security metrics' });
    const row = within(table).getByRole('row', { name: /intermediate certifications/i });
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(0, 6)).toEqual(['Skilling', '4', '6', '26.67', '40', '13.33']);
    const usage = within(table).getByRole('row', { name: /usage growth/i });
    expect(usage).toHaveTextContent('Below minimum 1');
    const total = within(table).getByRole('row', { name: /total/i });
    expect(total).toHaveTextContent('43.35');
  });

  it('lists the facts behind a metric when expanded', async () => {
    render(<MetricTable metrics={metrics} caption="Security metrics" />);
    const summary = screen.getByText(/2 facts/);
    expect(summary).toHaveTextContent('1 counted');
    await userEvent.click(summary);
    const facts = screen.getByRole('table', { name: 'Facts: Intermediate certifications' });
    const rows = within(facts).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Professional');
    expect(rows[0]).toHaveTextContent('M0');
    expect(rows[0]).toHaveTextContent('Counted');
    expect(rows[1]).toHaveTextContent('Not counted');
    expect(rows[1]).toHaveTextContent('Holds only AZ-500.');
    expect(rows[1]).toHaveTextContent('certifications held');
  });

  it('opens the facts of a metric in a row of their own, across the whole table, and closes them again', async () => {
    render(<MetricTable metrics={metrics} caption="Security metrics" />);
    const table = screen.getByRole('table', { name: 'Security metrics' });
    const columns = within(table).getAllByRole('columnheader').length;
    const toggle = screen.getByRole('button', { name: /2 facts/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const facts = screen.getByRole('table', { name: 'Facts: Intermediate certifications' });
    const cell = facts.closest('td') as HTMLTableCellElement;
    expect(cell.colSpan).toBe(columns);
    expect(cell.closest('tr')).not.toHaveAttribute('data-metric');
    expect(toggle).toHaveAttribute('aria-controls', cell.closest('tr')?.id);
    await userEvent.click(toggle);
    expect(screen.queryByRole('table', { name: 'Facts: Intermediate certifications' })).toBeNull();
  });
});
