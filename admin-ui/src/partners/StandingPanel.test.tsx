import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StandingPanel } from './StandingPanel';

const specialization = (code: string, held: boolean) => ({
  code,
  name: code.replace(/_/g, ' '),
  held,
  prerequisiteMet: true,
  benefitsGranted: held,
  detail: held ? 'held and admitted: its benefits are granted' : 'may be held: a prerequisite designation is attained',
});

describe('StandingPanel', () => {
  it('lists the specializations held, and counts those open to it instead of repeating one line each', () => {
    const open = Array.from({ length: 24 }, (_, i) => specialization(`OPEN_${i}`, false));
    render(
      <StandingPanel
        standing={{
          asOf: '2024-06',
          microsoftCloudBadge: false,
          designations: [],
          specializations: [specialization('THREAT_PROTECTION', true), ...open],
          benefits: [],
        }}
      />,
    );
    const held = screen.getByRole('list', { name: 'Specializations held' });
    expect(within(held).getByText('THREAT PROTECTION')).toBeInTheDocument();
    expect(screen.getByTestId('specializations-open')).toHaveTextContent('24 specializations may be held');
    expect(screen.getByRole('link', { name: 'see them by designation under Specializations' })).toHaveAttribute('href', '#progress-title');
    expect(screen.queryByText('may be held: a prerequisite designation is attained')).toBeNull();
  });
});
