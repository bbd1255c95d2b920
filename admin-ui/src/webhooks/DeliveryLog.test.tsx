import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebhookDeliveryFieldsFragment as Delivery } from '../gql/graphql';
import { fakeGraphql, renderAt } from '../test/helpers';
import { DeliveryLog, nextAttemptText } from './DeliveryLog';
import { delivery } from './fixtures';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const NOW = Date.parse('2026-12-03T10:05:00Z');

function answer(nodes: Delivery[], { hasNextPage = false, endCursor = null as string | null } = {}) {
  return {
    webhook: {
      id: 'W1',
      paused: false,
      deliveryCounts: {
        pending: nodes.filter((d) => d.status === 'PENDING').length,
        delivered: nodes.filter((d) => d.status === 'DELIVERED').length,
        failed: nodes.filter((d) => d.status === 'FAILED').length,
      },
      deliveries: { pageInfo: { hasNextPage, endCursor }, nodes },
    },
  };
}

const pending = delivery({
  id: 'd2',
  status: 'PENDING',
  attempts: 3,
  nextAttemptAt: '2026-12-03T10:05:08Z',
  lastAttemptAt: '2026-12-03T10:04:56Z',
  lastStatusCode: 503,
  lastError: 'the receiver answered 503 Service Unavailable',
  deliveredAt: null,
});
const failed = delivery({
  id: 'd3',
  status: 'FAILED',
  attempts: 16,
  lastStatusCode: null,
  lastError: 'connection refused',
  deliveredAt: null,
  event: { ...delivery().event!, kind: 'TEST', partner: null, designation: null, before: null, after: null, id: 'evt_t' },
});
const delivered = delivery();

function render(props: Partial<Parameters<typeof DeliveryLog>[0]> = {}) {
  return renderAt(
    <DeliveryLog webhookId="W1" url="https://hooks.example.com/x" paused={false} now={() => NOW} {...props} />,
  );
}

describe('DeliveryLog', () => {
  it('shows each delivery: status, attempts, event, last answer, the back-off of a pending one, delivery time', async () => {
    const calls = fakeGraphql({ WebhookDeliveries: () => answer([pending, failed, delivered]) });
    render();
    const table = await screen.findByRole('table', { name: 'Delivery log of https://hooks.example.com/x' });
    expect(calls[0]?.variables).toEqual({ id: 'W1', first: 20, status: null });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.status)).toEqual(['PENDING', 'FAILED', 'DELIVERED']);

    const [p, f, d] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(p).getByTestId('delivery-status')).toHaveTextContent('Pending');
    expect(within(p).getByTestId('next-attempt')).toHaveTextContent('Retry at 2026-12-03 10:05:08 UTC (in 8 s)');
    expect(p).toHaveTextContent('HTTP 503');
    expect(p).toHaveTextContent('the receiver answered 503 Service Unavailable');
    expect(p).toHaveTextContent('2026-12-03 10:04:56 UTC');
    expect(p).toHaveTextContent('Score changed');
    expect(p).toHaveTextContent('P001 Contoso');
    expect(p).toHaveTextContent('Security');
    expect(within(p).getByTestId('delivery-totals')).toHaveTextContent('36.68 → 43.35');
    expect(within(p).getByRole('button', { name: /^Retry now/ })).toBeEnabled();

    expect(f).toHaveTextContent('Failed');
    expect(f).toHaveTextContent('16');
    expect(f).toHaveTextContent('Test event');
    expect(f).toHaveTextContent('connection refused');
    expect(within(f).getByTestId('next-attempt')).toHaveTextContent('—');
    expect(within(f).queryByTestId('delivery-totals')).toBeNull();
    expect(within(f).getByRole('button', { name: /^Retry now/ })).toBeInTheDocument();

    expect(d).toHaveTextContent('Delivered');
    expect(d).toHaveTextContent('HTTP 204');
    expect(within(d).queryByRole('button', { name: /^Retry now/ })).toBeNull();
  });

  it('says when a pending delivery is tried, first or again', () => {
    expect(nextAttemptText(pending, NOW)).toBe('Retry at 2026-12-03 10:05:08 UTC (in 8 s)');
    expect(nextAttemptText({ ...pending, nextAttemptAt: '2026-12-03T10:09:00Z' }, NOW)).toBe(
      'Retry at 2026-12-03 10:09:00 UTC (in 4 min)',
    );
    expect(nextAttemptText({ ...pending, attempts: 0, nextAttemptAt: '2026-12-03T10:04:00Z' }, NOW)).toBe(
      'First attempt at 2026-12-03 10:04:00 UTC (due now)',
    );
    expect(nextAttemptText(delivered, NOW)).toBeNull();
  });

  it('filters by status and loads more pages after the last', async () => {
    const calls = fakeGraphql({
      WebhookDeliveries: (v) =>
        v.after === 'c1'
          ? answer([delivery({ id: 'd9' })])
          : v.status === 'FAILED'
            ? answer([failed])
            : answer([delivered], { hasNextPage: true, endCursor: 'c1' }),
    });
    render();
    const user = userEvent.setup();
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await vi.waitFor(() => expect(screen.getAllByTestId('delivery-status')).toHaveLength(2));
    expect(calls[1]?.variables).toEqual({ id: 'W1', first: 20, after: 'c1', status: null });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    await user.selectOptions(screen.getByLabelText('Status'), 'FAILED');
    await vi.waitFor(() => expect(calls[2]?.variables).toEqual({ id: 'W1', first: 20, status: 'FAILED' }));
    await vi.waitFor(() => expect(screen.getAllByTestId('delivery-status').map((s) => s.textContent)).toEqual(['Failed']));
  });

  it('asks the page to reload its counts when the log finds others', async () => {
    fakeGraphql({ WebhookDeliveries: () => answer([delivered]) });
    const onChanged = vi.fn();
    const view = render({ counts: { pending: 0, delivered: 1, failed: 0 }, onChanged });
    await screen.findByRole('table');
    expect(onChanged).not.toHaveBeenCalled();
    view.unmount();
    render({ counts: { pending: 1, delivered: 0, failed: 0 }, onChanged });
    await screen.findByRole('table');
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
  });

  it('says so when there is nothing to show', async () => {
    fakeGraphql({ WebhookDeliveries: () => answer([]) });
    render();
    expect(await screen.findByText(/No deliveries yet/)).toBeInTheDocument();
  });

  it('retries a delivery now and shows what the server refuses', async () => {
    let retried = 0;
    const calls = fakeGraphql({
      WebhookDeliveries: () => answer([failed, pending]),
      RedeliverWebhookDelivery: (v) =>
        ++retried === 1
          ? { redeliverWebhookDelivery: { delivery: { ...failed, status: 'PENDING', nextAttemptAt: '2026-12-03T10:05:00Z' }, userErrors: [] } }
          : {
              redeliverWebhookDelivery: {
                delivery: null,
                userErrors: [{ field: ['id'], message: `this delivery was delivered already (${String(v.id)})`, code: 'CONFLICT' }],
              },
            },
    });
    const onChanged = vi.fn();
    render({ onChanged });
    const user = userEvent.setup();
    await screen.findByRole('table');
    const rowOf = (id: string) => document.querySelector(`tr[data-delivery="${id}"]`) as HTMLElement;
    await user.click(within(rowOf('d3')).getByRole('button', { name: /^Retry now/ }));
    await vi.waitFor(() => expect(rowOf('d3').dataset.status).toBe('PENDING'));
    expect(calls.find((c) => c.operation === 'RedeliverWebhookDelivery')?.variables).toEqual({ id: 'd3' });
    expect(within(rowOf('d3')).getByTestId('next-attempt')).toHaveTextContent('Retry at 2026-12-03 10:05:00 UTC (due now)');
    expect(onChanged).toHaveBeenCalled();

    await user.click(within(rowOf('d2')).getByRole('button', { name: /^Retry now/ }));
    expect(await within(rowOf('d2')).findByRole('alert')).toHaveTextContent('this delivery was delivered already (d2)');
  });

  it('shows an API error with a way to try again, never a blank log', async () => {
    let fail = true;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        fail
          ? new Response(JSON.stringify({ data: null, errors: [{ message: 'boom', extensions: { code: 'INTERNAL' } }] }))
          : new Response(JSON.stringify({ data: answer([delivered]) })),
      ),
    );
    render();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The server failed to answer');
    fail = false;
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });

  it('follows a delivery just queued until it leaves PENDING', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // The fake fetch answers through promises and immediates (not faked): let them run inside act.
    const flush = () =>
      act(async () => {
        for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      });
    const wait = async (ms: number) => {
      await act(() => vi.advanceTimersByTimeAsync(ms));
      await flush();
    };
    let state: Delivery = { ...pending, id: 'dt', attempts: 0, nextAttemptAt: '2026-12-03T10:05:00Z', lastAttemptAt: null, lastStatusCode: null, lastError: null };
    const calls = fakeGraphql({ WebhookDeliveries: () => answer([state]) });
    const view = render({ follow: { deliveryId: 'dt', at: 1 } });
    await flush();
    expect(screen.getByTestId('delivery-status')).toHaveTextContent('Pending');
    expect(calls).toHaveLength(1);
    await wait(2100);
    expect(calls).toHaveLength(2);
    state = { ...delivered, id: 'dt' };
    await wait(2100);
    expect(calls).toHaveLength(3);
    expect(screen.getByTestId('delivery-status')).toHaveTextContent('Delivered');
    await wait(10_000);
    expect(calls).toHaveLength(3);
    view.unmount();
  });
});
