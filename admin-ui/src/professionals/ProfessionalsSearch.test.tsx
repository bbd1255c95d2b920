// The professionals tab's search and filters: the term and the ended associations are in the URL,
// the search runs on the server once typing pauses, and a new filter starts again at the first page.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANALYST, fakeGraphql, renderAt } from '../test/helpers';
import { professionalsPage } from './fixtures';
import { ProfessionalsTab } from './ProfessionalsTab';

afterEach(() => vi.unstubAllGlobals());

function Where() {
  const { search } = useLocation();
  return <output data-testid="search-params">{search}</output>;
}

const at = (path: string) => ({
  viewer: ANALYST,
  path,
  pattern: '/partners/:partnerId/professionals',
});

const tab = (
  <>
    <ProfessionalsTab partnerId="P001" asOf={undefined} />
    <Where />
  </>
);

describe('ProfessionalsTab search', () => {
  it('searches by name, id or e-mail on the server once typing pauses, and keeps the term in the URL', async () => {
    const calls = fakeGraphql({ PartnerProfessionals: professionalsPage });
    const ui = userEvent.setup();
    renderAt(tab, at('/partners/P001/professionals'));
    await screen.findByRole('table', { name: 'Certified professionals' });
    const box = screen.getByRole('searchbox', { name: 'Search professionals' });
    expect(box).toHaveAttribute('maxlength', '200');
    await ui.type(box, 'ada');
    await waitFor(() => expect(screen.getByTestId('search-params')).toHaveTextContent('?q=ada'));
    await waitFor(() =>
      expect(calls.filter((c) => c.operation === 'PartnerProfessionals').at(-1)?.variables).toMatchObject({
        partnerId: 'P001',
        search: 'ada',
        activeOnly: true,
      }),
    );
    // One search for the pause, none for each key typed.
    const searched = calls.map((c) => c.variables.search).filter((s) => s !== undefined);
    expect(searched).toEqual(['ada']);
    expect(await screen.findByText(/associations matching “ada”/)).toBeInTheDocument();
  });

  it('reads the term and the ended associations from the URL, and a new filter drops the page', async () => {
    const calls = fakeGraphql({ PartnerProfessionals: professionalsPage });
    renderAt(tab, at('/partners/P001/professionals?q=turing&ended=1&after=c2&offset=50'));
    await screen.findByRole('table', { name: 'Certified professionals' });
    expect(calls[0]?.variables).toMatchObject({ search: 'turing', activeOnly: false, after: 'c2' });
    expect(screen.getByRole('searchbox', { name: 'Search professionals' })).toHaveValue('turing');
    const ended = screen.getByRole('checkbox', { name: 'Include ended associations' });
    expect(ended).toBeChecked();

    fireEvent.click(ended);
    await waitFor(() => expect(screen.getByTestId('search-params')).toHaveTextContent('?q=turing'));
    expect(screen.getByTestId('search-params').textContent).not.toMatch(/after|offset|ended/);
    await waitFor(() => expect(calls.at(-1)?.variables).toMatchObject({ search: 'turing', activeOnly: true }));
    expect(calls.at(-1)?.variables.after).toBeUndefined();
  });

  it('keeps the page in the URL: Next adds the cursor, a cleared search removes the term', async () => {
    const calls = fakeGraphql({ PartnerProfessionals: professionalsPage });
    const ui = userEvent.setup();
    renderAt(tab, at('/partners/P001/professionals?q=ada'));
    const table = await screen.findByRole('table', { name: 'Certified professionals' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    await ui.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByTestId('search-params')).toHaveTextContent('after=c2'));
    expect(calls.at(-1)?.variables).toMatchObject({ search: 'ada', after: 'c2' });
    await ui.clear(screen.getByRole('searchbox', { name: 'Search professionals' }));
    await waitFor(() => expect(screen.getByTestId('search-params')).toHaveTextContent(/^$/));
    await waitFor(() => expect(calls.at(-1)?.variables.search).toBeUndefined());
    expect(calls.at(-1)?.variables.after).toBeUndefined();
  });

  it('says when nothing matches the term', async () => {
    fakeGraphql({
      PartnerProfessionals: () => {
        const page = professionalsPage();
        if (page.partner) page.partner.professionals = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
        return page;
      },
    });
    renderAt(tab, at('/partners/P001/professionals?q=nobody'));
    expect(await screen.findByText('No current association matches “nobody”.')).toBeInTheDocument();
  });
});
