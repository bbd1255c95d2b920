import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ScoreChart } from './ScoreChart';

describe('ScoreChart', () => {
  it('draws one bar per month, describes the values for screen readers and uses no inline style', () => {
    const { container } = render(
      <ScoreChart
        title="Security score by month"
        history={[
          { asOf: '2024-05', total: 60, meetsRequirements: false },
          { asOf: '2024-06', total: 75.5, meetsRequirements: true },
        ]}
      />,
    );
    const chart = screen.getByRole('img');
    expect(chart).toHaveAccessibleName(/May 2024: 60, Jun 2024: 75.5/);
    expect(container.querySelectorAll('rect.chart-bar')).toHaveLength(2);
    expect(container.querySelectorAll('rect.chart-bar-met')).toHaveLength(1);
    expect(container.querySelector('[style]')).toBeNull();
  });
});
