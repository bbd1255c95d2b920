// Webhooks: registered from the UI, its secret shown once, a signed test event delivered to a
// receiver on 127.0.0.1, then paused.
//
// Last of the scenarios (alphabetical order, one test at a time): the webhook hears every kind of
// event of every partner, and the receiver must get the test event alone, so nothing else may change
// scores while it is active.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from './fixtures';

interface Delivery {
  method: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1 answering 204 to every POST, keeping what it got; `url` is where it
 * listens.
 */
async function startReceiver() {
  const received: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => res());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/e2e`,
    received,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
}

/** Whether a delivery carries a Standard Webhooks signature made with `secret` (`whsec_` + base64 key). */
function signedWith(delivery: Delivery, secret: string): boolean {
  const id = delivery.headers['webhook-id'];
  const timestamp = delivery.headers['webhook-timestamp'];
  const header = String(delivery.headers['webhook-signature'] ?? '');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest('base64');
  return header.split(' ').includes(`v1,${expected}`);
}

test('webhooks: an admin registers a webhook, sees its secret once, a test event is delivered, then pauses it', async ({
  page,
  server,
  shots,
  signedIn,
}) => {
  for (const f of ['webhooks', 'createWebhook', 'updateWebhook', 'sendTestWebhookEvent']) {
    test.skip(!server.schema.has(f), `the server's schema does not have ${f} yet`);
  }
  const receiver = await startReceiver();
  try {
    await signedIn('ADMIN', '/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/webhooks');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Register webhook' }).click();
    const form = page.getByRole('form', { name: 'Register webhook' });
    const kinds = form.getByRole('group', { name: 'Event kinds' }).getByRole('checkbox');
    expect(await kinds.count(), 'four event kinds to choose').toBe(4);
    for (const box of await kinds.all()) expect(await box.isChecked(), 'every kind is chosen by default').toBe(true);
    expect(await form.getByLabel('Min points change').inputValue(), 'the minimum change is 1 by default').toBe('1');
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description (optional)').fill('E2E receiver');
    await form.getByRole('button', { name: 'Register webhook' }).click();

    const box = page.getByTestId('webhook-secret');
    await box.waitFor();
    const secret = (await box.getByTestId('webhook-secret-value').innerText()).trim();
    expect(secret, `a Standard Webhooks secret: ${secret}`).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(await box.innerText(), 'the secret is marked as shown once').toContain('will not be shown again');
    await box.getByRole('button', { name: 'Copy secret' }).waitFor();
    await page.screenshot({ path: join(shots, 'webhook-secret.png') });
    await box.getByRole('button', { name: 'I have stored the secret' }).click();
    await box.waitFor({ state: 'detached' });
    expect(await page.content(), 'the secret is gone once dismissed').not.toContain(secret);

    const card = page.getByRole('article', { name: receiver.url });
    await card.waitFor();
    const text = await card.innerText();
    expect(text.includes('E2E receiver') && text.includes('All partners'), `the webhook is listed: ${text}`).toBe(true);
    await card.getByTestId('webhook-state').filter({ hasText: 'Active' }).waitFor();

    await card.getByRole('button', { name: 'Send test event' }).click();
    // The confirmation is a toast, announced in the page's status region.
    await page.getByRole('status', { name: 'Notifications' }).getByText(/Test event queued/).waitFor();
    const log = card.getByRole('table', { name: `Delivery log of ${receiver.url}` });
    const row = log.locator('tbody tr').first();
    await row.locator('[data-testid="delivery-status"]', { hasText: 'Delivered' }).waitFor({ timeout: 30_000 });
    const rowText = await row.innerText();
    expect(rowText.includes('Test event') && rowText.includes('HTTP 204'), `the delivered row: ${rowText}`).toBe(true);
    expect(receiver.received.length, `the receiver got one delivery: ${receiver.received.length}`).toBe(1);
    const got = receiver.received[0]!;
    expect(got.method === 'POST' && got.path === '/hooks/e2e', `POST to the URL: ${got.method} ${got.path}`).toBe(true);
    expect(signedWith(got, secret), `signed with the secret shown: ${JSON.stringify(got.headers)}`).toBe(true);
    expect(JSON.parse(got.body).type, `a test event body: ${got.body}`).toBe('TEST');
    await card.getByTestId('delivery-counts').filter({ hasText: '1 delivered' }).waitFor();
    await page.screenshot({ path: join(shots, 'webhook-delivery-log.png') });

    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByTestId('webhook-state').filter({ hasText: 'Paused' }).waitFor();
    await card.getByRole('button', { name: 'Resume' }).waitFor();
    const stored = await server.gql('{ webhooks { nodes { url paused } } }');
    const mine = (stored?.data?.webhooks?.nodes as { url: string; paused: boolean }[] | undefined)?.find((w) => w.url === receiver.url);
    expect(mine?.paused, `the server has it paused: ${JSON.stringify(stored)}`).toBe(true);
  } finally {
    await receiver.close();
  }
});
