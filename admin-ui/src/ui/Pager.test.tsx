// The pager: Previous / Next over a connection's cursors, with the pages before remembered, in memory
// or in a cursor the caller keeps.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { type PageInfo, Pager, useCursorPages } from './Pager';

/** A list whose page after cursor `cN` ends at `c(N+1)`, with three pages in all. */
function pageAfter(after: string | undefined): PageInfo {
  const n = after ? Number(after.slice(1)) : 0;
  return { hasNextPage: n < 2, endCursor: `c${n + 1}` };
}

function List({ loading = false, external = false }: { loading?: boolean; external?: boolean }) {
  const [kept, setKept] = useState<string | undefined>(undefined);
  const pages = useCursorPages(external ? { after: kept, setAfter: setKept } : undefined);
  return (
    <div>
      <p data-testid="where">
        after {pages.after ?? 'none'}, {pages.before} before
      </p>
      <button type="button" onClick={pages.reset}>
        Reset
      </button>
      <Pager pages={pages} pageInfo={pageAfter(pages.after)} loading={loading} />
    </div>
  );
}

describe('Pager', () => {
  for (const external of [false, true]) {
    it(`pages forward and back${external ? ' with a cursor the caller keeps' : ''}`, async () => {
      const user = userEvent.setup();
      render(<List external={external} />);
      const where = screen.getByTestId('where');
      const previous = screen.getByRole('button', { name: 'Previous' });
      const next = screen.getByRole('button', { name: 'Next' });
      expect(where).toHaveTextContent('after none, 0 before');
      expect(previous).toBeDisabled();
      await user.click(next);
      expect(where).toHaveTextContent('after c1, 1 before');
      await user.click(next);
      expect(where).toHaveTextContent('after c2, 2 before');
      expect(next).toBeDisabled();
      await user.click(previous);
      expect(where).toHaveTextContent('after c1, 1 before');
      await user.click(previous);
      expect(where).toHaveTextContent('after none, 0 before');
      expect(previous).toBeDisabled();
    });
  }

  it('goes back to the first page on reset', async () => {
    const user = userEvent.setup();
    render(<List />);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(screen.getByTestId('where')).toHaveTextContent('after none, 0 before');
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
  });

  it('waits while a page loads', () => {
    render(<List loading />);
    expect(screen.getByRole('navigation', { name: 'Pages' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
  });
});
