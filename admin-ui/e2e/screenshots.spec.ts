// Screenshots with demo data at the project's window (desktop 1440x900, narrow 390x844): the partners
// list, a partner page and its professionals tab, to E2E_SHOTS/<name>-<width>x<height>.png.
import { join } from 'node:path';
import { expect, narrowProblems, settled, showcasePartner, test } from './fixtures';

test('screenshots with demo data: the partners list, a partner page, and its professionals tab', async ({ page, server, shots, signedIn }) => {
  const showcase = await showcasePartner(server);
  await signedIn('ADMIN', '/partners');
  const { width, height } = page.viewportSize()!;
  const at = `${width}x${height}`;
  const views: [string, string, () => Promise<unknown>][] = [
    [
      'partners-list',
      '/partners',
      async () => expect(await page.locator('main table tbody tr').count(), 'the partners list shows the demo partners').toBeGreaterThanOrEqual(10),
    ],
    ['partner-page', `/partners/${showcase.partnerId}`, () => page.getByRole('heading', { level: 1, name: showcase.name }).waitFor()],
    ['partner-professionals', `/partners/${showcase.partnerId}/professionals`, () => page.locator('main table tbody tr').first().waitFor()],
  ];
  for (const [name, path, check] of views) {
    await page.goto(`${server.base}/admin${path}`);
    await settled(page);
    await check();
    // The demo partner's real data (long e-mails, many rows) must fit a phone too, not only the
    // worked example's four professionals that the page sweep opens.
    if (width < 600) expect(await narrowProblems(page), `${path} at ${at}`).toEqual([]);
    await page.screenshot({ path: join(shots, `${name}-${at}.png`), fullPage: true });
  }
});
