// Who sees what: an ended session, a partner admin kept to its own partner, an analyst without edit
// controls and an admin with them.
//
// The analyst and the admin count the worked partner's four professionals before professionals.spec.ts
// associates more (the scenarios project runs files in alphabetical order, one test at a time).
import { atHome, expect, PARTNER_ADMIN, PASSWORD, SESSION_COOKIE, showcasePartner, signIn, test, WORKED } from './fixtures';

test('an expired or invalid session returns to sign-in and then back to the page', async ({ page, context, server, problems }) => {
  // The browser logs the server's refusals of the ended session: they are what this test is about.
  problems.allow(/Failed to load resource: the server responded with a status of 401/, 'the ended session is refused', '/graphql');
  problems.allow(
    /Failed to load resource: the server responded with a status of 401/,
    'the invalid cookie and the ended session are refused a new token',
    '/auth/refresh',
  );
  // A user of its own: ending its sessions (a password reset) leaves the other tests' admin signed in.
  const email = 'session-admin@e2e.example';
  const created = await server.gql(
    'mutation($i: CreateUserInput!) { createUser(input: $i) { userErrors { code message } } }',
    { i: { email, password: PASSWORD, role: 'ADMIN' } },
  );
  expect(created?.data?.createUser?.userErrors, `create ${email}: ${JSON.stringify(created)}`).toEqual([]);
  const target = `/partners/${WORKED}/professionals`;
  await page.goto(`${server.base}/admin/partners`);
  await page.waitForURL((u) => u.pathname === '/admin/sign-in');
  await signIn(page, email, '/admin/partners');
  await page.getByText(/of 31 partners/).waitFor();

  // An invalid session: a page opened with a session cookie the server did not issue goes to sign-in,
  // keeping the page asked for, and comes back to it after.
  const cookie = (await context.cookies(`${server.base}/auth/refresh`)).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, `the ${SESSION_COOKIE} cookie is set by sign-in`).toBeTruthy();
  await context.addCookies([{ ...cookie!, value: 'pgr_not-a-valid-token' }]);
  await page.goto(`${server.base}/admin${target}?asOf=2024-06`);
  await page.waitForURL((u) => u.pathname === '/admin/sign-in');
  const url = new URL(page.url());
  expect(url.searchParams.get('next'), `next kept: ${page.url()}`).toBe(`${target}?asOf=2024-06`);
  await signIn(page, email, `/admin${target}`);
  expect(new URL(page.url()).search, `query kept: ${page.url()}`).toBe('?asOf=2024-06');
  await page.getByRole('table', { name: 'Certified professionals' }).waitFor();

  // A session that ends while the page is open (its user's password reset ends all its sessions):
  // the next request asks for the password again over the page, which then goes on where it was.
  const reset = await server.gql('mutation($e: String!, $p: String!) { resetPassword(email: $e, password: $p) { userErrors { code } } }', {
    e: email,
    p: PASSWORD,
  });
  expect(reset?.data?.resetPassword?.userErrors, `reset ${email}: ${JSON.stringify(reset)}`).toEqual([]);
  await page.getByRole('navigation', { name: 'Partner sections' }).getByRole('link', { name: 'Scores' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your session ended — sign in again' });
  await dialog.waitFor();
  expect(await dialog.getByLabel('E-mail').inputValue(), 'the e-mail is filled in').toBe(email);
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(new URL(page.url()).pathname, `the page stays: ${page.url()}`).toBe(`/admin/partners/${WORKED}`);
  expect(new URL(page.url()).searchParams.get('asOf'), `query kept: ${page.url()}`).toBe('2024-06');
  await page.locator('.score-card[data-designation="SECURITY"]').waitFor();
});

test('a partner admin sees its own partner and cannot open another partner by URL', async ({ page, server }) => {
  const other = await showcasePartner(server);
  await page.goto(`${server.base}/admin/`);
  await page.waitForURL((u) => u.pathname === '/admin/sign-in');
  await signIn(page, PARTNER_ADMIN);
  // Its overview counts its own partner only: one partner scored per designation.
  await page.waitForURL(atHome);
  const overview = page.getByRole('table', { name: 'Designations at a glance' });
  await overview.waitFor();
  const scored = await overview.locator('td[data-testid="partners"]').allInnerTexts();
  expect(scored.length === 6 && scored.every((n) => n === '1'), `a partner admin's overview counts its partner: ${scored}`).toBe(true);
  await page.getByRole('link', { name: 'Open my partner' }).click();
  await page.waitForURL((u) => u.pathname === `/admin/partners/${WORKED}`);
  await page.getByRole('heading', { name: 'Partner P' }).waitFor();
  await page.goto(`${server.base}/admin/partners/${other.partnerId}`);
  await page.getByTestId('partner-not-found').waitFor();
  const text = await page.getByTestId('partner-not-found').innerText();
  expect(text).toContain('not yours to see');
  expect(await page.content(), 'the other partner name is not shown').not.toContain(other.name);
  // The list sends a partner admin to its own partner.
  await page.goto(`${server.base}/admin/partners`);
  await page.waitForURL((u) => u.pathname === `/admin/partners/${WORKED}`);
  // Its own professionals are editable.
  await page.getByRole('link', { name: 'Certified professionals' }).click();
  await page.getByRole('button', { name: 'Associate a professional' }).waitFor();
});

test('an analyst sees every partner and no edit control', async ({ page, signedIn }) => {
  await signedIn('ANALYST', `/partners/${WORKED}/professionals`);
  await page.getByTestId('viewer-role').filter({ hasText: 'Analyst' }).waitFor();
  const table = page.getByRole('table', { name: 'Certified professionals' });
  await table.waitFor();
  expect(await table.locator('tbody tr').count(), 'the worked example has four professionals').toBe(4);
  const controls = page.getByRole('button', { name: /associate|bulk upload|^end|^move/i });
  expect(await controls.count(), `edit controls shown to an analyst: ${await controls.allInnerTexts()}`).toBe(0);
  expect(await page.getByRole('columnheader', { name: 'Actions' }).count(), 'no Actions column').toBe(0);
  expect(await page.getByRole('link', { name: 'Users' }).count(), 'no Users link').toBe(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).click();
  await page.getByText(/of 31 partners/).waitFor();
});

test('an admin sees the edit controls that an analyst does not', async ({ page, signedIn }) => {
  await signedIn('ADMIN', `/partners/${WORKED}/professionals`);
  await page.getByRole('table', { name: 'Certified professionals' }).waitFor();
  await page.getByRole('button', { name: 'Associate a professional' }).waitFor();
  await page.getByRole('button', { name: 'Bulk upload' }).waitFor();
  expect(await page.getByRole('button', { name: /^End the association/ }).count(), 'End on each row').toBe(4);
  await page.getByRole('link', { name: 'Users' }).waitFor();
});
