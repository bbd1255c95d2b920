import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PARTNER_ADMIN, fakeGraphql, renderAt } from '../test/helpers';
import { webhook } from './fixtures';
import { RegisterWebhook, SecretBox, checkForm } from './RegisterWebhook';

afterEach(() => vi.unstubAllGlobals());

function kinds() {
  return within(screen.getByRole('group', { name: 'Event kinds' })).getAllByRole('checkbox');
}

describe('RegisterWebhook', () => {
  it('starts with all four event kinds, a minimum change of 1 and a partner field for an administrator', () => {
    renderAt(<RegisterWebhook onRegistered={vi.fn()} onCancel={vi.fn()} />);
    const boxes = kinds();
    expect(boxes.map((b) => (b as HTMLInputElement).value)).toEqual([
      'DESIGNATION_MET',
      'DESIGNATION_LOST',
      'SCORE_CHANGED',
      'AT_RISK',
    ]);
    expect(boxes.every((b) => (b as HTMLInputElement).checked)).toBe(true);
    expect(screen.getByLabelText('Min points change')).toHaveValue(1);
    expect(screen.getByLabelText('Partner (optional)')).toBeInTheDocument();
  });

  it('hides the partner from a partner admin and sends no partner (the server forces its own)', async () => {
    const calls = fakeGraphql({
      CreateWebhook: () => ({ createWebhook: { webhook: webhook(), secret: 'whsec_abc', userErrors: [] } }),
    });
    const onRegistered = vi.fn();
    renderAt(<RegisterWebhook onRegistered={onRegistered} onCancel={vi.fn()} />, { viewer: PARTNER_ADMIN });
    expect(screen.queryByLabelText('Partner (optional)')).toBeNull();
    expect(screen.getByTestId('own-partner-note')).toHaveTextContent('P001');
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('URL'), 'https://hooks.example.com/x');
    await user.click(screen.getByRole('checkbox', { name: /AT_RISK/ }));
    await user.type(screen.getByLabelText('Description (optional)'), '  Ops  ');
    await user.click(screen.getByRole('button', { name: 'Register webhook' }));
    await vi.waitFor(() => expect(onRegistered).toHaveBeenCalled());
    expect(calls[0]?.variables).toEqual({
      input: {
        url: 'https://hooks.example.com/x',
        eventKinds: ['DESIGNATION_MET', 'DESIGNATION_LOST', 'SCORE_CHANGED'],
        partnerId: null,
        minPointsChange: 1,
        description: 'Ops',
      },
    });
    // As the server answers it (with the `__typename`s the client asks for).
    expect(onRegistered).toHaveBeenCalledTimes(1);
    expect(onRegistered.mock.calls[0]?.[0]).toMatchObject({ webhook: webhook(), secret: 'whsec_abc' });
  });

  it('checks the form before sending: no kind, a bad URL, a minimum out of range', async () => {
    const calls = fakeGraphql({});
    renderAt(<RegisterWebhook onRegistered={vi.fn()} onCancel={vi.fn()} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('URL'), 'hooks.example.com');
    for (const box of kinds()) await user.click(box);
    const min = screen.getByLabelText('Min points change');
    await user.clear(min);
    await user.type(min, '150');
    await user.click(screen.getByRole('button', { name: 'Register webhook' }));
    expect(calls).toHaveLength(0);
    expect(screen.getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('URL')).toHaveAccessibleDescription(/absolute http:\/\/ or https:\/\/ URL/);
    expect(screen.getByText('Choose at least one event kind.')).toBeInTheDocument();
    expect(kinds()[0]).toHaveAccessibleDescription('Choose at least one event kind.');
    expect(min).toHaveAccessibleDescription(/between 0 and 100/);
    expect(screen.getByRole('alert')).toHaveTextContent('correct the fields marked below');
    await vi.waitFor(() => expect(screen.getByLabelText('URL')).toHaveFocus());
  });

  it('shows the server userErrors next to their fields, and the others in the summary', async () => {
    fakeGraphql({
      CreateWebhook: () => ({
        createWebhook: {
          webhook: null,
          secret: null,
          userErrors: [
            { field: ['input', 'url'], message: 'the scheme must be https (or http), not ftp', code: 'BAD_USER_INPUT' },
            { field: ['input', 'partnerId'], message: 'no partner P404', code: 'NOT_FOUND' },
            { field: ['input'], message: 'at most 100 webhooks; delete one first', code: 'CONFLICT' },
          ],
        },
      }),
    });
    const onRegistered = vi.fn();
    renderAt(<RegisterWebhook onRegistered={onRegistered} onCancel={vi.fn()} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('URL'), 'http://hooks.example.com/x');
    await user.type(screen.getByLabelText('Partner (optional)'), 'P404');
    await user.click(screen.getByRole('button', { name: 'Register webhook' }));
    const url = screen.getByLabelText('URL');
    await vi.waitFor(() => expect(url).toHaveAttribute('aria-invalid', 'true'));
    expect(url).toHaveAccessibleDescription(/not ftp/);
    expect(screen.getByLabelText('Partner (optional)')).toHaveAccessibleDescription(/no partner P404/);
    const summary = screen.getAllByRole('alert').find((a) => a.dataset.code === 'CONFLICT');
    expect(summary).toHaveTextContent('at most 100 webhooks; delete one first');
    expect(summary).not.toHaveTextContent('no partner P404');
    expect(onRegistered).not.toHaveBeenCalled();
    // The form keeps what was typed, to be corrected.
    expect(url).toHaveValue('http://hooks.example.com/x');
  });

  it('shows an API error clearly', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ data: null, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }))),
    );
    renderAt(<RegisterWebhook onRegistered={vi.fn()} onCancel={vi.fn()} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('URL'), 'https://hooks.example.com/x');
    await user.click(screen.getByRole('button', { name: 'Register webhook' }));
    expect(await screen.findByText('You do not have permission to do this.')).toBeInTheDocument();
  });

  it('accepts minimums with up to two decimals', () => {
    const base = { url: 'https://x.example', eventKinds: ['AT_RISK' as const], partnerId: '', description: '' };
    expect(checkForm({ ...base, minPointsChange: '0' })).toEqual([]);
    expect(checkForm({ ...base, minPointsChange: '2.5' })).toEqual([]);
    expect(checkForm({ ...base, minPointsChange: '100' })).toEqual([]);
    expect(checkForm({ ...base, minPointsChange: '0.125' })).toHaveLength(1);
    expect(checkForm({ ...base, minPointsChange: '-1' })).toHaveLength(1);
  });
});

describe('SecretBox', () => {
  it('shows the secret with a copy button, the once-only note and how receivers verify', async () => {
    const user = userEvent.setup();
    const onDismiss = vi.fn();
    renderAt(<SecretBox registered={{ webhook: webhook(), secret: 'whsec_c2VjcmV0' }} onDismiss={onDismiss} />);
    const box = screen.getByTestId('webhook-secret');
    expect(box).toHaveFocus();
    expect(within(box).getByTestId('webhook-secret-value')).toHaveTextContent('whsec_c2VjcmV0');
    expect(box).toHaveTextContent('it will not be shown again');
    expect(box).toHaveTextContent('HMAC-SHA256');
    expect(box).toHaveTextContent('{webhook-id}.{webhook-timestamp}.{body}');
    expect(box).toHaveTextContent('webhook-signature: v1,<base64>');
    await user.click(within(box).getByRole('button', { name: 'Copy secret' }));
    expect(await navigator.clipboard.readText()).toBe('whsec_c2VjcmV0');
    expect(within(box).getByRole('status')).toHaveTextContent('Copied');
    await user.click(within(box).getByRole('button', { name: 'I have stored the secret' }));
    expect(onDismiss).toHaveBeenCalled();
  });
});
