// Users: an admin creates, disables and enables a user; the audit log exported as CSV holds the changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, expect, test } from './fixtures';

test('an admin creates and disables a user, and exports the audit log as CSV', async ({ page, server, shots, signedIn }, testInfo) => {
  for (const f of ['users', 'createUser', 'disableUser', 'auditEvents']) {
    test.skip(!server.schema.has(f), `the server's schema does not have ${f} yet`);
  }
  await signedIn('ADMIN', '/users');
  const form = page.getByRole('form', { name: 'Create a user' });
  await form.getByLabel('E-mail').fill('new-analyst@e2e.example');
  await form.getByLabel('Role').selectOption('ANALYST');
  await form.getByLabel('Initial password').fill('a long enough password');
  await form.getByRole('button', { name: 'Create user' }).click();
  await page.getByText('Created new-analyst@e2e.example.').waitFor();
  const row = page.getByRole('row', { name: /new-analyst@e2e\.example/ });
  await row.getByRole('button', { name: 'Disable' }).click();
  // Disable asks first; the signed-in administrator's own row offers no Disable.
  await row.getByRole('button', { name: 'Yes, disable' }).click();
  await row.getByText('Disabled').waitFor();
  const own = page.getByRole('row', { name: new RegExp('^' + ADMIN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  expect(await own.getByRole('button', { name: /^Disable/ }).count(), 'no Disable on the own row').toBe(0);
  if (server.schema.has('enableUser')) {
    await row.getByRole('button', { name: 'Enable' }).click();
    await page.getByText('Enabled new-analyst@e2e.example: it may sign in again.').waitFor();
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByRole('button', { name: 'Yes, disable' }).click();
    await row.getByText('Disabled').waitFor();
  }
  await page.screenshot({ path: join(shots, 'users-page.png') });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('table', { name: 'Audit events' }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const file = testInfo.outputPath('audit-log.csv');
  await download.saveAs(file);
  const csv = readFileSync(file, 'utf8');
  expect(csv.split('\n').length, `the CSV has a header and rows: ${csv.slice(0, 200)}`).toBeGreaterThan(2);
  expect(csv, 'the CSV holds the user changes').toContain('new-analyst@e2e.example');
});
