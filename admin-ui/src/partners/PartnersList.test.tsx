// The partner list keeps its page in the URL: a reload, Back or a shared link shows the same page
// with the right caption and a working Previous; a month is checked before it is sent. Each row has
// six score badges named in full; the headers order the list through the API; the CSV export reads
// every page of the filter.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerProvider } from '../auth/viewer';
import { ADMIN, fakeGraphql, TestApi } from '../test/helpers';
import { PartnersList } from './PartnersList';
import { csvCell, partnersCsv } from './partners-csv';

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  vi.unstubAllGlobals();
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

const TOTAL = 200;

/** The six scores of partner `n`: Security met with 70 + n/100 points, the others not met. */
function scores(n: number) {
  return [
    { designationCode: 'BUSINESS_APPLICATIONS', total: 12.34, meetsRequirements: false, pointsToThreshold: 57.66 },
    { designationCode: 'DATA_AI_AZURE', total: 0, meetsRequirements: false, pointsToThreshold: 70 },
    { designationCode: 'DIGITAL_APP_INNOVATION_AZURE', total: 69.96, meetsRequirements: false, pointsToThreshold: 0.04 },
    { designationCode: 'INFRASTRUCTURE_AZURE', total: 80, meetsRequirements: false, pointsToThreshold: 0 },
    { designationCode: 'MODERN_WORK', total: 45.5, meetsRequirements: false, pointsToThreshold: 24.5 },
    { designationCode: 'SECURITY', total: 70 + n / 100, meetsRequirements: true, pointsToThreshold: 0 },
  ];
}

/** 200 partners ordered by id; the cursor after row N is `cN`. */
function partners(vars: Record<string, unknown>) {
  const first = Number(vars.first ?? 100);
  const start = vars.after ? Number(String(vars.after).slice(1)) : 0;
  const nodes = Array.from({ length: Math.min(first, TOTAL - start) }, (_, i) => ({
    partnerId: `P${String(start + i + 1).padStart(3, '0')}`,
    name: `Partner ${start + i + 1}`,
    country: 'DE',
    anniversaryDate: null,
    capabilityScores: scores(start + i + 1),
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
    { wrapper: TestApi },
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

describe('PartnersList score badges', () => {
  it('shows the six designations of each partner with the score and met or not met in words', async () => {
    const calls = fakeGraphql({ Partners: partners });
    open('/partners?asOf=2024-05');
    await caption();
    const row = screen.getByRole('link', { name: 'Partner 7' }).closest('tr')!;
    const badges = within(row).getAllByRole('img');
    expect(badges.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Business Applications: 12.34 points, not met',
      'Data & AI (Azure): 0 points, not met',
      'Digital & App Innovation (Azure): 69.96 points, not met',
      'Infrastructure (Azure): 80 points, not met',
      'Modern Work: 45.5 points, not met',
      'Security: 70.07 points, met',
    ]);
    // Compact: one decimal at most, and a sign besides the colour.
    const security = within(row).getByRole('img', { name: 'Security: 70.07 points, met' });
    expect(security).toHaveTextContent('Sec 70.1 ✓');
    expect(security).toHaveClass('badge-good');
    const apps = within(row).getByRole('img', { name: 'Digital & App Innovation (Azure): 69.96 points, not met' });
    expect(apps).toHaveTextContent('Apps 70 ✗');
    expect(apps).toHaveClass('badge-warn');
    // Scores of the list's month.
    expect(calls.at(-1)?.variables).toMatchObject({ asOf: '2024-05' });
  });

  it('says when a designation has no score at the month', async () => {
    fakeGraphql({
      Partners: (vars) => {
        const data = partners(vars);
        data.partners.nodes = data.partners.nodes.map((n) => ({ ...n, capabilityScores: n.capabilityScores.slice(5) }));
        return data;
      },
    });
    open('/partners');
    await caption();
    const row = screen.getByRole('link', { name: 'Partner 1' }).closest('tr')!;
    expect(within(row).getByRole('img', { name: 'Modern Work: no score' })).toHaveTextContent('MW —');
    expect(within(row).getByRole('img', { name: 'Security: 70.01 points, met' })).toBeInTheDocument();
  });
});

describe('PartnersList sort headers', () => {
  it('orders by the header clicked through the API, says so with aria-sort and starts at page 1', async () => {
    const calls = fakeGraphql({ Partners: partners });
    const user = userEvent.setup();
    open('/partners?size=50');
    await caption();
    const header = (name: string) => screen.getByRole('button', { name }).closest('th')!;
    expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('PartnerID')).not.toHaveAttribute('aria-sort');
    expect(calls.at(-1)?.variables).toMatchObject({ orderBy: 'NAME' });
    // No score column (and no SCORE order) without a designation.
    expect(screen.queryByRole('button', { name: /score/ })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 51–100'));
    await user.click(screen.getByRole('button', { name: 'PartnerID' }));
    await waitFor(() => expect(header('PartnerID')).toHaveAttribute('aria-sort', 'ascending'));
    expect(header('Name')).not.toHaveAttribute('aria-sort');
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 1–50'));
    expect(calls.at(-1)?.variables).toMatchObject({ orderBy: 'PARTNER_ID', first: 50 });
    expect(calls.at(-1)?.variables.after).toBeUndefined();
    expect(where).toContain('orderBy=PARTNER_ID');
    expect(where).toContain('size=50');
    expect(where).not.toContain('after=');
    expect(screen.getByLabelText('Order by')).toHaveValue('PARTNER_ID');
  });

  it('orders by the chosen designation’s score, highest first', async () => {
    const calls = fakeGraphql({ Partners: partners });
    const user = userEvent.setup();
    open('/partners?designation=SECURITY&asOf=2024-06');
    await caption();
    const button = screen.getByRole('button', { name: 'Security score' });
    expect(button.closest('th')).not.toHaveAttribute('aria-sort');
    await user.click(button);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Security score' }).closest('th')).toHaveAttribute('aria-sort', 'descending'));
    expect(calls.at(-1)?.variables).toMatchObject({
      orderBy: 'SCORE',
      filter: { designation: 'SECURITY', asOf: '2024-06' },
    });
    await user.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Name' }).closest('th')).toHaveAttribute('aria-sort', 'ascending'));
    expect(calls.at(-1)?.variables).toMatchObject({ orderBy: 'NAME' });
  });
});

describe('PartnersList CSV export', () => {
  it('guards cells a spreadsheet would run as a formula and quotes what needs it', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(63.35)).toBe('63.35');
  });

  it('writes PartnerID, name, country and each designation’s score and met flag', () => {
    const csv = partnersCsv([
      {
        partnerId: 'P001',
        name: '=cmd|calc',
        country: 'DE',
        capabilityScores: [
          { designationCode: 'SECURITY', total: 63.35, meetsRequirements: false },
          { designationCode: 'MODERN_WORK', total: 80, meetsRequirements: true },
        ],
      },
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'PartnerID,Name,Country,Business Applications score,Business Applications met,Data & AI (Azure) score,Data & AI (Azure) met,' +
        'Digital & App Innovation (Azure) score,Digital & App Innovation (Azure) met,Infrastructure (Azure) score,Infrastructure (Azure) met,' +
        'Modern Work score,Modern Work met,Security score,Security met',
    );
    expect(lines[1]).toBe("P001,'=cmd|calc,DE,,,,,,,,,80,yes,63.35,no");
    expect(lines[2]).toBe('');
  });

  it('fetches every page of the filter, shows progress, and downloads the rows as a Blob', async () => {
    let resolveSecond: () => void = () => {};
    const second = new Promise<void>((r) => (resolveSecond = r));
    const calls = fakeGraphql({
      Partners: partners,
      PartnersExport: (vars) => partners(vars),
    });
    // The second export page waits until the test has seen the progress.
    const fake = globalThis.fetch;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        if (String(init.body).includes('PartnersExport') && String(init.body).includes('"after":"c100"')) await second;
        return fake(url, init);
      }),
    );
    let blob: Blob | undefined;
    URL.createObjectURL = vi.fn((b: Blob) => {
      blob = b;
      return 'blob:partners';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: { href: string; download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download });
    });
    const user = userEvent.setup();
    open('/partners?country=de&orderBy=PARTNER_ID&asOf=2024-05');
    await caption();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Exporting… 100 of 200 partners');
    expect(screen.getByRole('progressbar', { name: 'Export progress' })).toHaveAttribute('value', '100');
    resolveSecond();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Exported 200 partners.'));

    const pages = calls.filter((c) => c.operation === 'PartnersExport');
    expect(pages.map((c) => c.variables.after ?? null)).toEqual([null, 'c100']);
    expect(pages[0]?.variables).toMatchObject({ orderBy: 'PARTNER_ID', asOf: '2024-05', filter: { country: 'DE', asOf: '2024-05' } });
    expect(clicked).toEqual([{ href: 'blob:partners', download: 'partners-2024-05.csv' }]);
    const text = await blob!.text();
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(201);
    expect(lines[1]).toBe('P001,Partner 1,DE,12.34,no,0,no,69.96,no,80,no,45.5,no,70.01,yes');
    expect(lines[200]).toMatch(/^P200,Partner 200,DE,/);
    click.mockRestore();
  });

  it('stops at 10,000 rows and says so', async () => {
    const many = (vars: Record<string, unknown>) => {
      const data = partners({ ...vars, after: undefined });
      const start = vars.after ? Number(String(vars.after).slice(1)) : 0;
      return {
        ...data,
        partners: {
          totalCount: 25_000,
          pageInfo: { hasNextPage: true, endCursor: `c${start + Number(vars.first ?? 100)}` },
          nodes: data.partners.nodes,
        },
      };
    };
    const calls = fakeGraphql({ Partners: many, PartnersExport: many });
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    open('/partners');
    await caption();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(
      () => expect(screen.getByRole('status')).toHaveTextContent('Exported the first 10,000 of 25,000 partners'),
      { timeout: 10_000 },
    );
    expect(calls.filter((c) => c.operation === 'PartnersExport')).toHaveLength(100);
    expect(click).toHaveBeenCalledTimes(1);
    click.mockRestore();
  }, 20_000);
});
