// The partner list keeps its page in the URL: a reload, Back or a shared link shows the same page
// with the right caption and a working Previous; a month is checked before it is sent.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerProvider } from '../auth/viewer';
import { ADMIN, fakeGraphql } from '../test/helpers';
import { PartnersList } from './PartnersList';

afterEach(() => vi.unstubAllGlobals());

const TOTAL = 200;

/** 200 partners ordered by id; the cursor after row N is `cN`. */
function partners(vars: Record<string, unknown>) {
  const first = Number(vars.first);
  const start = vars.after ? Number(String(vars.after).slice(1)) : 0;
  const nodes = Array.from({ length: Math.min(first, TOTAL - start) }, (_, i) => ({
    partnerId: `P${String(start + i + 1).padStart(3, '0')}`,
    name: `Partner ${start + i + 1}`,
    country: 'DE',
    anniversaryDate: null,
  }));
  return {
    latestMonth: '2024-06',
    partners: {
      totalCount: TOTAL,
      pageInfo: { hasNextPage: start + first < TOTAL, endCursor: `c${start + nodes.length}` },
      nodes,
    },
  };
}

let where = '';
function Where() {
  const location = useLocation();
  where = `${location.pathname}${location.search}`;
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => void navigate(-1)}>
      Browser back
    </button>
  );
}

function open(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <ViewerProvider value={ADMIN}>
        <Routes>
          <Route
            path="/partners"
            element={
              <>
                <PartnersList />
                <Where />
              </>
            }
          />
        </Routes>
      </ViewerProvider>
    </MemoryRouter>,
  );
}

const caption = () => screen.findByText(/^Showing/);

describe('PartnersList paging', () => {
  it('shows the same page, caption and a working Previous after a reload and after Back', async () => {
    const calls = fakeGraphql({ Partners: partners });
    const user = userEvent.setup();
    open('/partners?orderBy=PARTNER_ID');
    expect(await caption()).toHaveTextContent('Showing 1–25 of 200 partners');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 26–50 of 200'));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 51–75 of 200'));
    expect(screen.getByText('P051')).toBeInTheDocument();

    // Reload: the same URL, a fresh page.
    const url = where;
    expect(url).toContain('orderBy=PARTNER_ID');
    cleanup();
    open(url);
    expect(await caption()).toHaveTextContent('Showing 51–75 of 200 partners');
    expect(screen.getByText('P051')).toBeInTheDocument();
    expect(calls.at(-1)?.variables).toMatchObject({ orderBy: 'PARTNER_ID', after: 'c50', first: 25 });
    const previous = screen.getByRole('button', { name: 'Previous' });
    expect(previous).toBeEnabled();
    await user.click(previous);
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 26–50 of 200'));
    expect(screen.getByText('P026')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 1–25 of 200'));
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
  });

  it('shows page 2 with its own caption on Back', async () => {
    fakeGraphql({ Partners: partners });
    const user = userEvent.setup();
    open('/partners?orderBy=PARTNER_ID');
    await caption();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 26–50'));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 51–75'));
    await user.click(screen.getByRole('button', { name: 'Browser back' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 26–50 of 200'));
    expect(screen.getByText('P026')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeEnabled();
  });

  it('keeps the page size in the URL', async () => {
    const calls = fakeGraphql({ Partners: partners });
    const user = userEvent.setup();
    open('/partners?orderBy=PARTNER_ID');
    await caption();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '50');
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 1–50 of 200'));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 51–100 of 200'));
    const url = where;
    cleanup();
    open(url);
    expect(await caption()).toHaveTextContent('Showing 51–100 of 200');
    expect(calls.at(-1)?.variables).toMatchObject({ first: 50, after: 'c50' });
  });
});

describe('PartnersList months', () => {
  it('refuses a month that is not YYYY-MM without asking the server', async () => {
    const calls = fakeGraphql({ Partners: partners });
    open('/partners?asOf=garbage');
    const alert = await screen.findByTestId('invalid-month');
    expect(alert).toHaveTextContent('“garbage” is not a valid month');
    expect(screen.getByRole('link', { name: 'Show the latest month with data' })).toHaveAttribute('href', '/partners');
    expect(calls).toHaveLength(0);
  });

  it('says the data ends at the latest month when the month asked is after it, and bounds the input', async () => {
    fakeGraphql({ Partners: partners });
    open('/partners?asOf=2026-11&designation=SECURITY');
    const notice = await screen.findByTestId('after-data');
    expect(notice).toHaveTextContent('the data ends in Jun 2024 (2024-06)');
    expect(screen.getByLabelText('As of')).toHaveAttribute('max', '2024-06');
  });
});
