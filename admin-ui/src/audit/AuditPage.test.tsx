// The audit log: its page in the URL, a partner admin's own partner, the Action choice, Clear, a From
// after To, and a summary for both rows of a move.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Viewer, ViewerProvider } from '../auth/viewer';
import { ADMIN, PARTNER_ADMIN, fakeGraphql, TestApi } from '../test/helpers';
import { AuditPage, summary } from './AuditPage';

afterEach(() => vi.unstubAllGlobals());

const TOTAL = 120;

function events(vars: Record<string, unknown>) {
  const first = Number(vars.first);
  const start = vars.after ? Number(String(vars.after).slice(1)) : 0;
  const nodes = Array.from({ length: Math.min(first, TOTAL - start) }, (_, i) => ({
    id: `e${start + i + 1}`,
    occurredAt: '2026-12-01T10:00:00Z',
    actor: 'admin@example.com',
    action: 'professional.associate',
    entityType: 'association',
    entityKey: String(start + i + 1),
    partnerId: 'P001',
    professionalId: `X${start + i + 1}`,
    before: null,
    after: null,
    scoreImpact: null,
  }));
  return {
    auditEvents: {
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
  return null;
}

function open(path: string, viewer: Viewer = ADMIN) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <ViewerProvider value={viewer}>
        <Routes>
          <Route
            path="/audit"
            element={
              <>
                <AuditPage />
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

describe('AuditPage', () => {
  it('keeps its page in the URL: a reload shows the same page, caption and a working Previous', async () => {
    const calls = fakeGraphql({ AuditEvents: events });
    const user = userEvent.setup();
    open('/audit');
    expect(await screen.findByText(/^Showing/)).toHaveTextContent('Showing 1–50 of 120 events');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 51–100 of 120'));
    const url = where;
    cleanup();
    open(url);
    expect(await screen.findByText(/^Showing/)).toHaveTextContent('Showing 51–100 of 120 events');
    expect(calls.at(-1)?.variables).toMatchObject({ after: 'c50' });
    const previous = screen.getByRole('button', { name: 'Previous' });
    expect(previous).toBeEnabled();
    await user.click(previous);
    await waitFor(() => expect(screen.getByText(/^Showing/)).toHaveTextContent('Showing 1–50 of 120'));
  });

  it("shows a partner admin its own partner, whatever the URL says", async () => {
    const calls = fakeGraphql({ AuditEvents: events });
    open('/audit?partnerId=P999', PARTNER_ADMIN);
    await screen.findByText(/^Showing/);
    const field = screen.getByLabelText('PartnerID');
    expect(field).toHaveValue('P001');
    expect(field).toBeDisabled();
    expect(calls.at(-1)?.variables).toMatchObject({ filter: { partnerId: 'P001' } });
  });

  it('offers the known actions as a choice and clears the filters', async () => {
    const calls = fakeGraphql({ AuditEvents: events });
    const user = userEvent.setup();
    open('/audit');
    await screen.findByText(/^Showing/);
    const action = screen.getByRole('combobox', { name: 'Action' });
    expect(within(action).getByRole('option', { name: 'association.end' })).toBeInTheDocument();
    await user.selectOptions(action, 'association.end');
    await user.type(screen.getByLabelText('Changed by'), 'someone@example.com');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(calls.at(-1)?.variables).toMatchObject({ filter: { action: 'association.end', actor: 'someone@example.com' } }),
    );
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(calls.at(-1)?.variables).toMatchObject({ filter: {} }));
    expect(calls.at(-1)?.variables.filter).toEqual({});
    expect(screen.getByRole('combobox', { name: 'Action' })).toHaveValue('');
    expect(screen.getByLabelText('Changed by')).toHaveValue('');
    expect(where).toBe('/audit');
  });

  it('says so when From is after To instead of showing 0 events', async () => {
    const calls = fakeGraphql({ AuditEvents: events });
    open('/audit?from=2026-12-05&to=2026-12-01');
    expect(await screen.findByTestId('bad-range')).toHaveTextContent('From (2026-12-05) is after To (2026-12-01)');
    expect(screen.queryByText('0 events')).not.toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('summarises both rows of a move', () => {
    const destination = summary(
      null,
      JSON.stringify({
        association: { associatedOn: '2024-06-01', associationId: 356, partnerId: '1512593', removedOn: null, version: 3 },
        move: { from: '1157650', on: '2024-06-01', to: '1512593' },
      }),
    );
    expect(destination).toContain('moved from 1157650 to 1512593 on 2024-06-01');
    expect(destination).toContain('associatedOn: 2024-06-01');
    const source = summary(
      JSON.stringify({ associatedOn: '2023-10-10', partnerId: '1157650', removedOn: null, version: 1 }),
      JSON.stringify({
        association: { associatedOn: '2023-10-10', partnerId: '1157650', removedOn: '2024-06-01', version: 2 },
        move: { from: '1157650', on: '2024-06-01', to: '1512593' },
      }),
    );
    expect(source).toContain('→ moved from 1157650 to 1512593 on 2024-06-01');
    expect(source).toContain('removedOn: 2024-06-01');
  });
});
