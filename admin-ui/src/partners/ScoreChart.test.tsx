import { render, screen, within } from '@testing-library/react';
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

  it('draws the forecast months after the history as distinct bars, with a legend, and describes them too', () => {
    const { container } = render(
      <ScoreChart
        title="Security score by month"
        history={[
          { asOf: '2024-05', total: 72, meetsRequirements: true },
          { asOf: '2024-06', total: 75.5, meetsRequirements: true },
        ]}
        forecast={[
          { asOf: '2024-07', total: 75.5, meetsRequirements: true },
          { asOf: '2024-08', total: 60.5, meetsRequirements: false },
        ]}
      />,
    );
    expect(container.querySelectorAll('svg.chart-svg rect.chart-bar')).toHaveLength(4);
    const forecast = container.querySelectorAll('g[data-forecast="true"]');
    expect([...forecast].map((g) => g.getAttribute('data-month'))).toEqual(['2024-07', '2024-08']);
    expect(container.querySelectorAll('svg.chart-svg rect.chart-bar-forecast')).toHaveLength(2);
    expect(container.querySelector('g[data-month="2024-06"] rect')).not.toHaveClass('chart-bar-forecast');
    expect(screen.getByRole('img')).toHaveAccessibleName(
      /May 2024: 72, Jun 2024: 75.5\. Forecast, if nothing new happens: Jul 2024: 75.5, Aug 2024: 60.5/,
    );
    expect(screen.getByTestId('forecast-legend')).toHaveTextContent('forecast, if nothing new happens');
    expect(container.querySelector('[style]')).toBeNull();
  });

  it('has no forecast legend without forecast months', () => {
    render(<ScoreChart title="t" history={[{ asOf: '2024-06', total: 50, meetsRequirements: false }]} />);
    expect(screen.queryByTestId('forecast-legend')).toBeNull();
  });

  it('has a legend for the colours of met and not-met months, and keeps the "70 needed" label inside the drawing', () => {
    const { container } = render(
      <ScoreChart
        title="Security score by month"
        history={[
          { asOf: '2024-05', total: 60, meetsRequirements: false },
          { asOf: '2024-06', total: 75.5, meetsRequirements: true },
        ]}
      />,
    );
    const legend = screen.getByRole('list', { name: 'Legend' });
    const met = within(legend).getByText('Requirements met').closest('li');
    const notMet = within(legend).getByText('Requirements not met').closest('li');
    // Swatches drawn as the bars are (the same fill, by class).
    expect(met?.querySelector('svg rect.chart-swatch-met')).not.toBeNull();
    expect(notMet?.querySelector('svg rect.chart-swatch-not-met')).not.toBeNull();
    // The label ends where the drawing ends at the latest: anchored at its end, inside the view box.
    const svg = container.querySelector('svg.chart-svg') as SVGSVGElement;
    const width = Number(svg.getAttribute('viewBox')?.split(' ')[2]);
    const label = container.querySelector('text.chart-threshold-label') as SVGTextElement;
    expect(label).toHaveTextContent('70 needed');
    expect(label.getAttribute('text-anchor')).toBe('end');
    expect(Number(label.getAttribute('x'))).toBeLessThanOrEqual(width);
    // And right of the plot, so no bar runs into it: 9 characters of 11 px need about 64 px.
    const plotRight = Number(container.querySelector('line.chart-threshold')?.getAttribute('x2'));
    expect(Number(label.getAttribute('x')) - plotRight).toBeGreaterThanOrEqual(68);
    expect(container.querySelector('[style]')).toBeNull();
  });
});
