// Focus and titles at the desktop window: a wrong password focuses the password field, every route
// change focuses the page heading and names the page, cards and controls show a focus ring, and
// Escape closes an inline form with focus back on its button.
import { ADMIN, expect, PASSWORD, test } from './fixtures';

test('focus and titles: a wrong password focuses the password field, every route change focuses the page heading and names the page, cards and controls show a focus ring', async ({
  page,
  server,
  problems,
}) => {
  // The browser logs the refusal of the wrong password: it is part of what this test does.
  problems.allow(/Failed to load resource: the server responded with a status of 401/, 'a wrong password is refused', '/auth/login');
  await page.goto(`${server.base}/admin/partners`);
  await page.waitForURL((u) => u.pathname === '/admin/sign-in');
  await page
    .waitForFunction(() => document.title === 'Sign in · partnergraph', null, { timeout: 5_000 })
    .catch(async () => expect(await page.title(), 'sign-in title').toBe('Sign in · partnergraph'));
  await page.getByLabel('E-mail').fill(ADMIN);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);
  expect(await focusedName(), `after a wrong password focus is on ${await focusedName()}`).toBe('password');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const onHeading = async (title: string) => {
    await page
      .waitForFunction((t) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent?.trim() === t, title, {
        timeout: 15_000,
      })
      .catch(async () => {
        const where = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`);
        throw new Error(`focus is not on the heading "${title}" but on ${where}`);
      });
    await page.waitForFunction((t) => document.title === `${t} · partnergraph`, title, { timeout: 5_000 }).catch(async () => {
      throw new Error(`the title is "${await page.title()}", not "${title} · partnergraph"`);
    });
  };
  await onHeading('Partners');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Overview' }).click();
  await onHeading('Program overview');
  await nav.getByRole('link', { name: 'Partners' }).click();
  await onHeading('Partners');
  await page.getByLabel('Search').fill('Partner P');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('link', { name: 'Partner P' }).click();
  await onHeading('Partner P');
  await nav.getByRole('link', { name: 'Audit log' }).click();
  await onHeading('Audit log');
  await page.goBack();
  await onHeading('Partner P');

  // Every control Tab reaches on the partner page shows a focus ring, the score cards too.
  const ring = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { tag: 'BODY', ok: false, label: '', card: false };
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow.includes('rgba(31, 95, 168, 0.35)') || s.boxShadow.includes('rgb(31, 95, 168)');
      const name = el.getAttribute('aria-label') ?? el.getAttribute('type') ?? el.textContent ?? '';
      const label = `${el.tagName.toLowerCase()}.${el.className} "${name.trim().slice(0, 30)}" (outline ${s.outlineStyle} ${s.outlineWidth}, shadow ${s.boxShadow})`;
      return { tag: el.tagName, ok: outline || shadow, label, card: el.classList.contains('score-card') };
    });
  await page.locator('.score-card').first().waitFor();
  const missing: string[] = [];
  let cards = 0;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const r = await ring();
    if (r.tag === 'BODY') continue;
    if (r.card) cards += 1;
    if (!r.ok) missing.push(r.label);
  }
  expect(cards, `Tab reaches the six score cards: ${cards}`).toBeGreaterThanOrEqual(6);
  expect(missing, `no focus ring on:\n  ${[...new Set(missing)].join('\n  ')}`).toEqual([]);

  // Escape closes an inline form and gives focus back to its button.
  await page.getByRole('link', { name: 'Certified professionals' }).click();
  await page.waitForURL((u) => u.pathname.endsWith('/professionals'));
  const end = page.locator('tr[data-professional="M1"]').getByRole('button', { name: /^End the association/ });
  await end.click();
  await page.getByLabel('Last day counted').focus();
  await page.keyboard.press('Escape');
  await page.getByRole('form', { name: 'End association' }).waitFor({ state: 'detached' });
  expect(await end.evaluate((el) => el === document.activeElement), 'focus is back on End after Escape').toBe(true);
});
