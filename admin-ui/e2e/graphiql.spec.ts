// GraphiQL, served at GET /graphql from the admin UI's build under its CSP.
import { join } from 'node:path';
import { expect, graphiqlHeaders, runInGraphiql, test, watchStrict } from './fixtures';

test('GraphiQL at /graphql runs a query with nothing loaded from another host and no CSP violation', async ({ page, server, shots }) => {
  const strict = await watchStrict(page, server.base);
  const res = await page.goto(`${server.base}/graphql`);
  expect(res?.status(), `GET /graphql: ${res?.status()}`).toBe(200);
  const csp = res!.headers()['content-security-policy'] ?? '';
  expect(csp.includes("script-src 'self'") && csp.includes("frame-ancestors 'none'"), `CSP of /graphql: ${csp}`).toBe(true);
  expect(new URL(page.url()).pathname, `the page stays at /graphql: ${page.url()}`).toBe('/graphql');
  const result = await runInGraphiql(page, '{ designations { code } }');
  const codes = ((result?.data?.designations ?? []) as { code: string }[]).map((d) => d.code);
  expect(codes.includes('SECURITY') && codes.length === 6, `designations: ${JSON.stringify(result)}`).toBe(true);
  expect((await graphiqlHeaders(page)).trim(), 'no token without an admin UI session').toBe('');
  await page.screenshot({ path: join(shots, 'graphiql.png') });
  // The schema loaded (within the server's depth limit): the docs list the root types.
  await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  await page.getByRole('link', { name: 'Mutation', exact: true }).waitFor();
  // A dialog locks scrolling with a stylesheet, which must not be an inline <style>.
  await page.getByRole('button', { name: 'Open settings dialog' }).click();
  await page.getByRole('dialog').getByText('Theme').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await strict.check();
});

test('GraphiQL opened in a signed-in admin UI tab sends the session token', async ({ page, server, signedIn }) => {
  const strict = await watchStrict(page, server.base);
  await signedIn('ADMIN', '/partners');
  await page.getByText(/of 31 partners/).waitFor();
  await page.goto(`${server.base}/graphql`);
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
  // The session signs GraphiQL's requests itself: its token is never shown in (or kept by) the header
  // editor, yet every request carries it.
  const headers = await graphiqlHeaders(page);
  expect(headers, `no token in the header editor: ${headers}`).not.toMatch(/Authorization|Bearer/i);
  const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/graphql' && /viewer/.test(r.postData() ?? ''));
  const result = await runInGraphiql(page, '{ viewer { role } }');
  const authorization = (await (await sent).allHeaders())['authorization'] ?? '';
  expect(authorization, 'the query went with the session token').toMatch(/^Bearer [^\s]+$/);
  expect(result?.data?.viewer?.role, `viewer: ${JSON.stringify(result)}`).toBe('ADMIN');
  await strict.check();
});
