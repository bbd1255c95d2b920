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
});
