import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ScoreCard } from './ScoreCard';

describe('ScoreCard', () => {
  it('shows the total, that requirements are not met and the points missing to 70', () => {
    render(
      <ScoreCard
        score={{ designationCode: 'SECURITY', total: 63.35, meetsRequirements: false, pointsToThreshold: 6.65, track: null }}
        attainedMonth={null}
        selected={false}
        onSelect={() => {}}
      />,
    );
    const card = screen.getByRole('button', { name: /security/i });
    expect(card).toHaveTextContent('63.35');
    expect(card).toHaveTextContent('Requirements not met');
    expect(card).toHaveTextContent('6.65 points missing to 70');
    expect(card).toHaveTextContent('Not attained');
    expect(card).toHaveAttribute('aria-pressed', 'false');
  });

  it('shows a met designation with its track and month attained, and selects with the keyboard', async () => {
    const onSelect = vi.fn();
    render(
      <ScoreCard
        score={{ designationCode: 'MODERN_WORK', total: 82.5, meetsRequirements: true, pointsToThreshold: 0, track: 'SMB' }}
        attainedMonth="2024-05"
        selected
        onSelect={onSelect}
      />,
    );
    const card = screen.getByRole('button', { name: /modern work/i });
    expect(card).toHaveTextContent('Requirements met');
    expect(card).toHaveTextContent('Threshold reached');
    expect(card).toHaveTextContent('Track SMB');
    expect(card).toHaveTextContent('Attained May 2024');
    card.focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledOnce();
  });

  it('shows the enrollment with the dates that matter and why, in its title', () => {
    const score = { designationCode: 'SECURITY' as const, total: 93.67, meetsRequirements: true, pointsToThreshold: 0, track: null };
    const { rerender } = render(
      <ScoreCard
        score={score}
        enrollment={{
          enrollment: 'RENEWAL_DUE',
          enrollmentWindowStart: '2024-04-01',
          enrollmentWindowEnd: '2024-09-30',
          enrolledUntil: '2024-09-15',
          enrollmentDetail: 'enrolled until 2024-09-15; the renewal window is open and requirements were met in 2024-06',
        }}
        selected={false}
        onSelect={() => {}}
      />,
    );
    const badge = screen.getByText('Renewal due: window 2024-04-01 to 2024-09-30');
    expect(badge).toHaveAttribute('data-enrollment', 'RENEWAL_DUE');
    expect(badge).toHaveAttribute('title', expect.stringContaining('requirements were met in 2024-06'));
    rerender(
      <ScoreCard
        score={score}
        enrollment={{
          enrollment: 'ENROLLED',
          enrollmentWindowStart: '2023-12-15',
          enrollmentWindowEnd: '2024-12-14',
          enrolledUntil: '2024-12-15',
          enrollmentDetail: 'enrolled',
        }}
        selected={false}
        onSelect={() => {}}
      />,
    );
    expect(screen.getByText('Enrolled until 2024-12-15')).toBeInTheDocument();
    rerender(
      <ScoreCard
        score={score}
        enrollment={{ enrollment: 'QUALIFIED', enrollmentWindowStart: '2024-01-01', enrollmentWindowEnd: '2024-06-30', enrollmentDetail: 'q' }}
        selected={false}
        onSelect={() => {}}
      />,
    );
    expect(screen.getByText('Qualified, not enrolled')).toBeInTheDocument();
  });

  it('flags a met designation at risk from the first month it is no longer met, and says why', () => {
    const score = { designationCode: 'SECURITY' as const, total: 75.5, meetsRequirements: true, pointsToThreshold: 0, track: null };
    const { rerender } = render(
      <ScoreCard score={score} risk={{ atRisk: true, firstMonthAtRisk: '2024-08' }} selected={false} onSelect={() => {}} />,
    );
    const badge = screen.getByTestId('at-risk');
    expect(badge).toHaveTextContent('At risk from 2024-08');
    expect(badge).toHaveAttribute('title', expect.stringMatching(/met now but, if nothing new happens.*not at the next anniversary/));
    expect(screen.getByRole('button', { name: /security/i })).toHaveAccessibleName(/At risk from 2024-08/);
    rerender(<ScoreCard score={score} risk={{ atRisk: false, firstMonthAtRisk: null }} selected={false} onSelect={() => {}} />);
    expect(screen.queryByTestId('at-risk')).toBeNull();
    rerender(<ScoreCard score={score} selected={false} onSelect={() => {}} />);
    expect(screen.queryByTestId('at-risk')).toBeNull();
  });
});
