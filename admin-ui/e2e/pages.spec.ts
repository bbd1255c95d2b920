// Every page for every role, at the project's window (desktop 1440x900, narrow 390x844): no serious or
// critical axe-core violation, and at 390 px the page fits the window with Sign out in view and wide
// tables scrolling in a region the keyboard reaches. Each page's full screenshot goes to
// E2E_SHOTS/pages/. Run after the scenarios, so the pages show the data they leave (audit entries,
// a disabled user, a paused webhook with its delivery log, ended associations).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, settled, showcasePartner, test, WORKED, type Role } from './fixtures';

const NARROW = 390;

/** The pages each role can open (the paths after /admin). */
function pagesOf(role: Role, other: string): string[] {
  const common = [
    '/',
    '/near-misses/SECURITY',
    `/partners/${WORKED}?designation=SECURITY`,
    `/partners/${WORKED}/professionals`,
    `/partners/${WORKED}/customers`,
    '/audit',
  ];
  if (role === 'ADMIN') return [...common, '/partners', `/partners/${other}`, '/users', '/webhooks', '/no-such-page'];
  if (role === 'PARTNER_ADMIN') return [...common, '/webhooks'];
  return [...common, '/partners'];
}

/** `1440x900` or `390x844`, as in the screenshot names. */
function size(page: Page): { at: string; narrow: boolean; width: number } {
  const { width, height } = page.viewportSize()!;
  return { at: `${width}x${height}`, narrow: width === NARROW, width };
}

function report(problems: string[], a11y: string[]): void {
  if (a11y.length > 0) process.stdout.write(`axe-core (serious and critical):\n  ${a11y.join('\n  ')}\n`);
  const all = [...problems, ...a11y];
  expect(all, all.join('\n  ')).toEqual([]);
}

test('the sign-in page has no serious or critical axe-core violation; at 390x844 it fits the window', async ({ page, server, axe, overflow }) => {
  const { at, narrow } = size(page);
  const problems: string[] = [];
  const a11y: string[] = [];
  await page.goto(`${server.base}/admin/sign-in`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  if (narrow) for (const p of await overflow.problems(page)) problems.push(`sign-in: ${p}`);
  for (const p of await axe.problems(page)) a11y.push(`${at} sign-in: ${p}`);
  report(problems, a11y);
});

const ROLES: [Role, string][] = [
  ['ADMIN', 'an admin'],
  ['PARTNER_ADMIN', 'a partner admin'],
  ['ANALYST', 'an analyst'],
];

for (const [role, who] of ROLES) {
  test(`every page for ${who} has no serious or critical axe-core violation; at 390x844 it fits the window with Sign out in view and wide tables scroll in a focusable region`, async ({
    page,
    server,
    shots,
    signedIn,
    axe,
    overflow,
  }, testInfo) => {
    const { at, narrow, width } = size(page);
    const other = (await showcasePartner(server)).partnerId;
    const pages = join(shots, 'pages');
    mkdirSync(pages, { recursive: true });
    const problems: string[] = [];
    const a11y: string[] = [];
    await signedIn(role, '/audit').catch((e: Error) => {
      throw new Error(`${at} ${role} signing in: ${e.message}`);
    });
    await settled(page);
    for (const path of pagesOf(role, other)) {
      await page.goto(`${server.base}/admin${path}`);
      await settled(page).catch(async (e: Error) => {
        await page.screenshot({ path: testInfo.outputPath(`failed-${at}-${role}${path.replace(/\W+/g, '-')}.png`) }).catch(() => {});
        throw new Error(`${at} ${role} ${path} (now at ${page.url()}): ${e.message}`);
      });
      if (path.includes('?designation=')) {
        // The facts of a metric open in the metric table, which scrolls with them.
        await page.getByRole('button', { name: /\d+ facts?/ }).first().click().catch(() => {});
      }
      await page.screenshot({ path: join(pages, `${at}-${role}${path.replace(/\W+/g, '-')}.png`), fullPage: true });
      if (narrow) for (const p of await overflow.problems(page)) problems.push(`${role} ${path}: ${p}`);
      for (const p of await axe.problems(page)) a11y.push(`${at} ${role} ${path}: ${p}`);
    }
    if (role === 'ADMIN') {
      // The row actions of the professionals can be scrolled to and tapped, and the form they open passes axe.
      await page.goto(`${server.base}/admin/partners/${WORKED}/professionals`);
      const end = page.locator('tr[data-professional="M1"]').getByRole('button', { name: /^End the association/ });
      await end.scrollIntoViewIfNeeded();
      const box = await end.boundingBox();
      if (!box || box.x < 0 || box.x + box.width > width) problems.push(`${at} End is not in view once scrolled to: ${JSON.stringify(box)}`);
      await end.click();
      await page.getByRole('form', { name: 'End association' }).waitFor();
      if (narrow) for (const p of await overflow.problems(page)) problems.push(`ADMIN with the End form open: ${p}`);
      for (const p of await axe.problems(page)) a11y.push(`${at} ADMIN End form: ${p}`);
      await page.keyboard.press('Escape');
    }
    report(problems, a11y);
  });
}
