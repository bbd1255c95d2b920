import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ForecastLosses, type LossMonthView, forecastLosses } from './ForecastLosses';

const latest: LossMonthView = {
  asOf: '2024-06',
  total: 75,
  metrics: [
    { metric: 'NET_CUSTOMER_ADDS', points: 20, facts: [{ subject: 'T1', outcome: 'ADDED', detail: 'T1 added' }] },
    {
      metric: 'ADVANCED_CERTIFICATIONS',
      points: 15,
      facts: [
        { subject: 'P9', outcome: 'NOT_COUNTED', detail: 'AZ-500 expired on 2024-01-31' },
        { subject: 'P1', outcome: 'COUNTED', detail: 'P1 holds MS-102' },
      ],
    },
    { metric: 'INTERMEDIATE_CERTIFICATIONS', points: 40, facts: [] },
  ],
};
const forecast: LossMonthView[] = [
  { ...latest, asOf: '2024-07' },
  {
    asOf: '2024-08',
    total: 60,
    metrics: [
      latest.metrics[0]!,
      {
        metric: 'ADVANCED_CERTIFICATIONS',
        points: 0,
        facts: [
          { subject: 'P9', outcome: 'NOT_COUNTED', detail: 'AZ-500 expired on 2024-01-31' },
          { subject: 'P1', outcome: 'NOT_COUNTED', detail: 'MS-102 expired on 2024-08-15' },
        ],
      },
      latest.metrics[2]!,
    ],
  },
  {
    asOf: '2024-09',
    total: 40,
    metrics: [
      { metric: 'NET_CUSTOMER_ADDS', points: 0, facts: [{ subject: 'T1', outcome: 'LOST', detail: 'association ended on 2024-09-10' }] },
      { metric: 'ADVANCED_CERTIFICATIONS', points: 0, facts: [] },
      latest.metrics[2]!,
    ],
  },
  { asOf: '2024-10', total: 45, metrics: [] },
];

describe('forecastLosses', () => {
  it('lists, for each month whose total falls, the metrics that lose points and the fact newly against them', () => {
    expect(forecastLosses(latest, forecast)).toEqual([
      { month: '2024-08', metric: 'ADVANCED_CERTIFICATIONS', lost: 15, detail: 'MS-102 expired on 2024-08-15' },
      { month: '2024-09', metric: 'NET_CUSTOMER_ADDS', lost: 20, detail: 'association ended on 2024-09-10' },
    ]);
  });

  it('compares the first forecast month with the latest month with data', () => {
    const drop = [{ ...forecast[2]!, asOf: '2024-07' }];
    expect(forecastLosses(latest, drop).map((l) => [l.month, l.metric, l.lost])).toEqual([
      ['2024-07', 'NET_CUSTOMER_ADDS', 20],
      ['2024-07', 'ADVANCED_CERTIFICATIONS', 15],
    ]);
    expect(forecastLosses(undefined, drop)).toEqual([]);
  });
});

describe('ForecastLosses', () => {
  it('names the points at risk, one line per month and metric', () => {
    render(<ForecastLosses latest={latest} forecast={forecast} />);
    const items = within(screen.getByTestId('forecast-losses')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      '2024-08: Advanced certifications −15 — MS-102 expired on 2024-08-15',
      '2024-09: Net customer adds −20 — association ended on 2024-09-10',
    ]);
  });

  it('says so when the forecast loses nothing', () => {
    render(<ForecastLosses latest={latest} forecast={[{ ...latest, asOf: '2024-07' }]} />);
    expect(screen.getByTestId('forecast-losses')).toHaveTextContent('No points lost in the forecast months.');
  });
});
