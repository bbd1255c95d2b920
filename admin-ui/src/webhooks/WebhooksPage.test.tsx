import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../api/session';
import { AppRoutes } from '../App';
import type { WebhookFieldsFragment as Webhook } from '../gql/graphql';
import { ADMIN, ANALYST, PARTNER_ADMIN, fakeGraphql, renderAt, TestApi } from '../test/helpers';
import { webhook } from './fixtures';
import { WebhooksPage } from './WebhooksPage';

afterEach(() => vi.unstubAllGlobals());

function list(nodes: Webhook[]) {
  return { webhooks: { totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes } };
}

const EMPTY_LOG = {
  webhook: {
    id: 'V2ViaG9vazox',
    paused: false,
    deliveryCounts: { pending: 0, delivered: 0, failed: 0 },
    deliveries: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
  },
};

function card(url: string) {
  return screen.getByRole('article', { name: url });
}

describe('WebhooksPage', () => {
  it('lists each webhook: URL, description, partner, kinds, minimum change, state and delivery counts', async () => {
    fakeGraphql({
      Webhooks: () =>
        list([
          webhook(),
          webhook({
            id: 'W2',
            url: 'https://other.example.com/hook',
            description: null,
            partner: { partnerId: 'P001', name: 'Contoso' },
            eventKinds: ['AT_RISK'],
            minPointsChange: 2.5,
            paused: true,
            deliveryCounts: { pending: 0, delivered: 0, failed: 0 },
          }),
        ]),
    });
    renderAt(<WebhooksPage />);
    expect(await screen.findByText('2 webhooks')).toBeInTheDocument();
    const first = card('https://hooks.example.com/partnergraph');
    expect(first).toHaveTextContent('Alerts channel');
    expect(first).toHaveTextContent('All partners');
    expect(within(within(first).getByRole('list', { name: 'Event kinds' })).getAllByRole('listitem').map((l) => l.textContent)).toEqual([
      'DESIGNATION_MET',
      'DESIGNATION_LOST',
      'SCORE_CHANGED',
      'AT_RISK',
    ]);
    expect(first).toHaveTextContent('Min points change1');
    expect(within(first).getByTestId('webhook-state')).toHaveTextContent('Active');
    expect(within(first).getByTestId('delivery-counts')).toHaveTextContent('1 pending · 5 delivered · 2 failed');
    expect(within(first).getByRole('button', { name: 'Pause' })).toBeInTheDocument();
    const second = card('https://other.example.com/hook');
    expect(second).toHaveTextContent('P001 Contoso');
    expect(second).toHaveTextContent('Min points change2.5');
    expect(within(second).getByTestId('webhook-state')).toHaveTextContent('Paused');
    expect(within(second).getByRole('button', { name: 'Resume' })).toBeInTheDocument();
  });

  it('registers a webhook and shows its secret once', async () => {
    let hooks: Webhook[] = [];
    const created = webhook({ id: 'W9', url: 'https://new.example.com/h', description: null, deliveryCounts: { pending: 0, delivered: 0, failed: 0 } });
    fakeGraphql({
      Webhooks: () => list(hooks),
      CreateWebhook: () => {
        hooks = [created];
        return { createWebhook: { webhook: created, secret: 'whsec_onlyonce', userErrors: [] } };
      },
    });
    renderAt(<WebhooksPage />);
    const user = userEvent.setup();
    expect(await screen.findByText(/No webhooks yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Register webhook' }));
    const form = screen.getByRole('form', { name: 'Register webhook' });
    await user.type(within(form).getByLabelText('URL'), 'https://new.example.com/h');
    await user.click(within(form).getByRole('button', { name: 'Register webhook' }));
    const box = await screen.findByTestId('webhook-secret');
    expect(box).toHaveTextContent('whsec_onlyonce');
    expect(box).toHaveTextContent('it will not be shown again');
    expect(screen.queryByRole('form', { name: 'Register webhook' })).toBeNull();
    await screen.findByRole('article', { name: 'https://new.example.com/h' });
    // Nowhere else on the page, and gone for good once dismissed.
    expect(screen.getAllByText(/whsec_onlyonce/)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByText(/whsec_onlyonce/)).toBeNull();
    expect(screen.getByText('Registered https://new.example.com/h.')).toBeInTheDocument();
  });

  it('pauses and resumes a webhook', async () => {
    let paused = false;
    const calls = fakeGraphql({
      Webhooks: () => list([webhook({ paused })]),
      UpdateWebhook: (v) => {
        paused = Boolean((v.input as { paused: boolean }).paused);
        return { updateWebhook: { webhook: webhook({ paused }), userErrors: [] } };
      },
    });
    renderAt(<WebhooksPage />);
    const user = userEvent.setup();
    await screen.findByRole('article');
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    await vi.waitFor(() => expect(screen.getByTestId('webhook-state')).toHaveTextContent('Paused'));
    expect(calls.find((c) => c.operation === 'UpdateWebhook')?.variables).toEqual({ input: { id: 'V2ViaG9vazox', paused: true } });
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    await vi.waitFor(() => expect(screen.getByTestId('webhook-state')).toHaveTextContent('Active'));
  });

  it('deletes a webhook only after the confirm step', async () => {
    let hooks = [webhook()];
    const calls = fakeGraphql({
      Webhooks: () => list(hooks),
      DeleteWebhook: () => {
        const [gone] = hooks;
        hooks = [];
        return { deleteWebhook: { webhook: { id: gone?.id, url: gone?.url }, userErrors: [] } };
      },
    });
    renderAt(<WebhooksPage />);
    const user = userEvent.setup();
    await screen.findByRole('article');
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('group', { name: 'Confirm deleting https://hooks.example.com/partnergraph' });
    expect(within(confirm).getByRole('button', { name: 'Delete webhook' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.operation === 'DeleteWebhook')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByText('Deleted https://hooks.example.com/partnergraph and its delivery log.')).toBeInTheDocument();
    await vi.waitFor(() => expect(screen.queryByRole('article')).toBeNull());
  });

  it('sends a test event and opens the delivery log', async () => {
    const calls = fakeGraphql({
      Webhooks: () => list([webhook()]),
      WebhookDeliveries: () => EMPTY_LOG,
      SendTestWebhookEvent: () => ({ sendTestWebhookEvent: { delivery: null, userErrors: [] } }),
    });
    renderAt(<WebhooksPage />);
    const user = userEvent.setup();
    await screen.findByRole('article');
    const toggle = screen.getByRole('button', { name: 'Show delivery log' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(screen.getByRole('button', { name: 'Send test event' }));
    expect(await screen.findByText(/Test event queued/)).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'SendTestWebhookEvent')?.variables).toEqual({ id: 'V2ViaG9vazox' });
    expect(screen.getByRole('button', { name: 'Hide delivery log' })).toHaveAttribute('aria-expanded', 'true');
    expect(await screen.findByRole('heading', { name: 'Delivery log' })).toBeInTheDocument();
  });

  it('shows an action refused by the server on its webhook', async () => {
    fakeGraphql({
      Webhooks: () => list([webhook()]),
      SendTestWebhookEvent: () => ({
        sendTestWebhookEvent: { delivery: null, userErrors: [{ field: ['id'], message: 'no such webhook', code: 'NOT_FOUND' }] },
      }),
    });
    renderAt(<WebhooksPage />);
    const user = userEvent.setup();
    await screen.findByRole('article');
    await user.click(screen.getByRole('button', { name: 'Send test event' }));
    expect(await within(screen.getByRole('article')).findByRole('alert')).toHaveTextContent('no such webhook');
  });

  it('shows a list error with a retry', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('offline'))));
    renderAt(<WebhooksPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The server could not be reached');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('tells an analyst webhooks are not theirs to manage', () => {
    const calls = fakeGraphql({});
    renderAt(<WebhooksPage />, { viewer: ANALYST });
    expect(screen.getByRole('alert')).toHaveTextContent('Only administrators and partner administrators manage webhooks.');
    expect(calls).toHaveLength(0);
  });

  it('shows the Webhooks navigation entry to administrators and partner admins only', async () => {
    for (const [viewer, shown] of [
      [ADMIN, true],
      [PARTNER_ADMIN, true],
      [ANALYST, false],
    ] as const) {
      session.set('token');
      fakeGraphql({
        Viewer: () => ({ viewer }),
        Webhooks: () => list([]),
      });
      const view = render(
        <MemoryRouter initialEntries={['/webhooks']}>
          <AppRoutes />
        </MemoryRouter>,
        { wrapper: TestApi },
      );
      const nav = await screen.findByRole('navigation', { name: 'Main' });
      expect(within(nav).queryByRole('link', { name: 'Webhooks' }) !== null).toBe(shown);
      view.unmount();
      vi.unstubAllGlobals();
    }
  });
});
